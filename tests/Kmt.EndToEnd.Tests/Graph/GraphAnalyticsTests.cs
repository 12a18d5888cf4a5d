using System.Net;
using System.Text.Json.Nodes;
using Kmt.EndToEnd.Tests.Infrastructure;

namespace Kmt.EndToEnd.Tests.Graph;

/// <summary>
/// graph/entities, graph/entities/{id}, graph/path and graph/communities over items that reached the
/// graph through the graph-changes queue: answers, bad input in the envelope, and 404 for another user's ids.
/// </summary>
[Collection(DevHostCollection.Name)]
public sealed class GraphAnalyticsTests(DevHostFixture host)
{
    private const string Text = "Angela Merkel met Emmanuel Macron in Berlin. Angela Merkel spoke about Kubernetes.";

    [GraphFact]
    public async Task Entities_paths_and_communities_of_two_items_that_share_an_entity()
    {
        var user = await host.RegisterAsync();
        var first = (await user.CreateItemAsync("Summit notes", Text)).Str("id");
        var second = (await user.CreateItemAsync("Follow-up", "Angela Merkel wrote a letter.")).Str("id");
        var lonely = (await user.CreateItemAsync("Empty", "")).Str("id");
        await user.WaitForGraphAsync(first, g => g.Nodes("entity").Any());
        var merkel = await WaitForMerkelAsync(user, second);

        var entities = (await user.Client.GetAsync($"{GraphApi.Graph}/entities")).Expect(HttpStatusCode.OK).Data;
        var ranked = entities["entities"]!.AsArray().Select(e => e!).ToList();
        var top = ranked[0];
        Assert.Equal(merkel, top.Str("id"));
        Assert.Equal(1, top.Int("rank"));
        Assert.Equal(2, top.Int("item_count"));
        Assert.Contains(top.Str("trend"), new[] { "growing", "stable", "fading" });
        Assert.Equal(6, top["months"]!.AsArray().Count);
        Assert.True(top["page_rank"]!.GetValue<double>() >= ranked[^1]["page_rank"]!.GetValue<double>());
        Assert.Single((await user.Client.GetAsync($"{GraphApi.Graph}/entities?limit=1")).Expect(HttpStatusCode.OK).Data["entities"]!.AsArray());

        var entity = (await user.Client.GetAsync($"{GraphApi.Graph}/entities/{merkel}")).Expect(HttpStatusCode.OK).Data;
        Assert.Contains("Merkel", entity.Str("name"), StringComparison.Ordinal);
        Assert.Equal(new[] { first, second }.Order(), entity["items"]!.AsArray().Select(i => i!.Str("id")).Order());
        Assert.NotEmpty(entity["timeline"]!.AsArray());
        Assert.Empty(entity["merged_from"]!.AsArray()); // no merge happened: the record is on the wire, empty

        var path = (await user.Client.GetAsync($"{GraphApi.Graph}/path?from={first}&to={second}")).Expect(HttpStatusCode.OK).Data["path"]!;
        Assert.Equal(2, path.Int("hops"));
        Assert.Equal(first, path["nodes"]![0]!.Str("id"));
        Assert.Equal(second, path["nodes"]![2]!.Str("id"));
        var steps = path["steps"]!.AsArray().Select(s => s!).ToList();
        Assert.Equal([first], steps[0]["edges"]![0]!.Strings("evidence"));
        Assert.Equal([second], steps[1]["edges"]![0]!.Strings("evidence"));

        var unconnected = (await user.Client.GetAsync($"{GraphApi.Graph}/path?from={first}&to={lonely}")).Expect(HttpStatusCode.OK).Data;
        Assert.Null(unconnected["path"]);

        var communities = (await user.Client.GetAsync($"{GraphApi.Graph}/communities")).Expect(HttpStatusCode.OK).Data;
        Assert.NotNull(communities["modularity"]);
        var withMerkel = Assert.Single(communities["communities"]!.AsArray(), c => c!["members"]!.AsArray().Any(m => m!.Str("id") == merkel))!;
        Assert.Contains(first, withMerkel.Strings("item_ids"));
        Assert.False(string.IsNullOrEmpty(withMerkel.Str("name")));
        Assert.Contains(withMerkel.Str("growth"), new[] { "growing", "stable", "fading" });
    }

    [GraphFact]
    public async Task Bad_input_is_a_400_in_the_envelope()
    {
        var user = await host.RegisterAsync();
        (await user.Client.GetAsync($"{GraphApi.Graph}/entities?limit=0")).ExpectValidation("limit");
        (await user.Client.GetAsync($"{GraphApi.Graph}/entities?limit=abc")).ExpectValidation("limit");
        (await user.Client.GetAsync($"{GraphApi.Graph}/path?to=x")).ExpectValidation("from");
        (await user.Client.GetAsync($"{GraphApi.Graph}/path?from=x&to={new string('a', 101)}")).ExpectValidation("to");
    }

    [GraphFact]
    public async Task Another_users_ids_are_not_found()
    {
        var owner = await host.RegisterAsync();
        var other = await host.RegisterAsync();
        var item = (await owner.CreateItemAsync("Summit notes", Text)).Str("id");
        var merkel = await WaitForMerkelAsync(owner, item);
        var theirs = (await other.CreateItemAsync("Theirs", "")).Str("id");

        (await other.Client.GetAsync($"{GraphApi.Graph}/entities/{merkel}")).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        (await owner.Client.GetAsync($"{GraphApi.Graph}/entities/{item}")).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        (await other.Client.GetAsync($"{GraphApi.Graph}/path?from={theirs}&to={item}")).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        (await other.Client.GetAsync($"{GraphApi.Graph}/path?from={merkel}&to={theirs}")).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Empty((await other.Client.GetAsync($"{GraphApi.Graph}/entities")).Expect(HttpStatusCode.OK).Data["entities"]!.AsArray());
        Assert.Empty((await other.Client.GetAsync($"{GraphApi.Graph}/communities")).Expect(HttpStatusCode.OK).Data["communities"]!.AsArray());
    }

    /// <summary>Waits until <paramref name="itemId"/> mentions Merkel and returns the entity id.</summary>
    private static async Task<string> WaitForMerkelAsync(SignedInUser user, string itemId)
    {
        static JsonNode? Merkel(JsonNode g) => g.Nodes("entity").FirstOrDefault(n => n.Str("label").Contains("Merkel", StringComparison.Ordinal));
        var graph = await user.WaitForGraphAsync(itemId, g => Merkel(g) is not null);
        return Merkel(graph)!.Str("id");
    }
}
