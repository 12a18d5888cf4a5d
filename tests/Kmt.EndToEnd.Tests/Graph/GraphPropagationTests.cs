using System.Net;
using Kmt.EndToEnd.Tests.Infrastructure;

namespace Kmt.EndToEnd.Tests.Graph;

/// <summary>
/// Items reach the graph through the graph-changes queue (item write → message → Graph_ApplyChange):
/// these facts need the DevHost's queue runner and a registered IWorkQueue.
/// </summary>
[Collection(DevHostCollection.Name)]
public sealed class GraphPropagationTests(DevHostFixture host)
{
    private const string Text = "Angela Merkel met Emmanuel Macron in Berlin. Angela Merkel spoke about Kubernetes.";

    [GraphFact]
    public async Task A_captured_item_appears_with_the_entities_it_mentions()
    {
        var user = await host.RegisterAsync();
        var item = await user.CreateItemAsync("Summit notes", Text, "politics");
        var id = item.Str("id");

        var graph = await user.WaitForGraphAsync(id, g => g.Nodes("entity").Any());

        Assert.Equal("Summit notes", Assert.Single(graph.Nodes("item")).Str("label"));
        var entities = graph.Nodes("entity").Select(n => n.Str("label")).ToList();
        Assert.Contains(entities, e => e.Contains("Merkel", StringComparison.Ordinal));
        Assert.Contains(entities, e => e.Contains("Macron", StringComparison.Ordinal));
        Assert.Equal("politics", Assert.Single(graph.Nodes("tag")).Str("label"));
        Assert.All(graph.Edges("mentions"), e =>
        {
            Assert.Equal(id, e.Str("source"));
            Assert.Equal([id], e.Strings("evidence"));
            Assert.Null(e["valid_to"]);
        });
        Assert.Single(graph.Edges("tagged"));
    }

    [GraphFact]
    public async Task An_edit_that_removes_a_mention_closes_the_edge_and_as_of_before_it_still_shows_it()
    {
        var user = await host.RegisterAsync();
        var created = await user.CreateItemAsync("Summit notes", Text);
        var id = created.Str("id");
        var before = await user.WaitForGraphAsync(id, g => MacronEdge(g) is not null);
        var macron = MacronEdge(before)!.Str("target");
        var beforeEdit = DateTimeOffset.UtcNow;
        await Task.Delay(50);

        (await user.Client.PutAsync($"{KmtApi.Knowledge}/{id}", new { title = "Summit notes", content = "Angela Merkel spoke about Kubernetes in Berlin." }, KmtApi.IfMatch(created.Str("etag"))))
            .Expect(HttpStatusCode.OK);

        // Nodes and edges are two reads, so one answer taken while the applier writes can hold the
        // node without its edge: wait for both to settle rather than asserting on that answer.
        var now = await user.WaitForGraphAsync(id, g => MacronEdge(g) is null && g.Nodes("entity").Any() && g.Nodes("entity").All(n => n.Str("id") != macron));
        Assert.Null(MacronEdge(now));

        var asOf = Uri.EscapeDataString(beforeEdit.ToString("O"));
        var then = await user.GraphAsync($"center={id}&depth=1&as_of={asOf}");
        var closed = MacronEdge(then);
        Assert.NotNull(closed);
        Assert.NotNull(closed["valid_to"]);

        // Known at a moment before the edit was applied, the edge was still open.
        var knownBefore = await user.GraphAsync($"center={id}&depth=1&as_of={asOf}&known_at={asOf}");
        Assert.Null(MacronEdge(knownBefore)!["valid_to"]);
    }

    [GraphFact]
    public async Task Trashing_hides_the_item_and_restoring_brings_it_back()
    {
        var user = await host.RegisterAsync();
        var id = (await user.CreateItemAsync("Summit notes", Text)).Str("id");
        await user.WaitForGraphAsync(id, g => g.Nodes("entity").Any());

        (await user.Client.DeleteAsync($"{KmtApi.Knowledge}/{id}")).Expect(HttpStatusCode.OK);
        await WaitUntilAsync(async () => (await user.Client.GetAsync($"{GraphApi.Graph}?center={id}")).Status == HttpStatusCode.OK
            && (await user.GraphAsync($"center={id}")).Nodes("item").Any() == false);

        (await user.Client.PostAsync($"{KmtApi.Knowledge}/{id}/restore", null)).Expect(HttpStatusCode.OK);
        await user.WaitForGraphAsync(id, g => g.Nodes("item").Any() && g.Edges("mentions").Any());
    }

    private static System.Text.Json.Nodes.JsonNode? MacronEdge(System.Text.Json.Nodes.JsonNode graph)
    {
        var macron = graph.Nodes("entity").FirstOrDefault(n => n.Str("label").Contains("Macron", StringComparison.Ordinal))?.Str("id");
        return macron is null ? null : graph.Edges("mentions").FirstOrDefault(e => e.Str("target") == macron);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + GraphApi.Propagation;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The graph did not follow the change in time.");
            await Task.Delay(100);
        }
    }
}
