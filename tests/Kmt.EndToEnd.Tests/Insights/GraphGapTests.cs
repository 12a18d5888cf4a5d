using System.Net;
using System.Text.Json.Nodes;
using Kmt.EndToEnd.Tests.Graph;
using Kmt.EndToEnd.Tests.Infrastructure;

namespace Kmt.EndToEnd.Tests.Insights;

/// <summary>
/// A gap named by the knowledge graph (docs/design/insights.md, "Insight pipeline"): an entity two notes
/// mention, searched for more and more and read around (notes about its relates_to neighbour), becomes an
/// entity gap that names those searches, the items read and the neighbour; its searched term is the
/// entity's topic, not a term gap of its own.
/// </summary>
[Collection(DevHostCollection.Name)]
public sealed class GraphGapTests(DevHostFixture host)
{
    [GraphFact]
    public async Task An_entity_searched_for_and_read_around_becomes_a_gap_with_its_evidence()
    {
        var user = await host.RegisterAsync();
        (await user.Client.PutAsync("api/v1/users/consents", new { activity_tracking = true, personalised_insights = true, notifications = false })).Expect(HttpStatusCode.OK);
        var now = DateTimeOffset.UtcNow;
        string At(double days) => now.AddDays(-days).ToString("yyyy-MM-ddTHH:mm:ssZ");
        string Read(string source, double days) => $$"""{"type":"read","at":"{{At(days)}}","source_id":"{{source}}","duration_seconds":240,"completion_percentage":90}""";
        var lines = new List<string>
        {
            $$"""{"type":"capture","at":"{{At(300)}}","source_id":"k","title":"Cluster notes","content":"Kubernetes schedules our containers. We ran Kubernetes on Microsoft Azure for the first time."}""",
            $$"""{"type":"capture","at":"{{At(280)}}","source_id":"k2","title":"Cluster costs","content":"Our Kubernetes nodes on Microsoft Azure cost more than planned. Kubernetes autoscaling helped."}""",
            $$"""{"type":"capture","at":"{{At(250)}}","source_id":"a1","title":"Azure pricing","content":"Microsoft Azure reserved instances cut the monthly bill."}""",
            $$"""{"type":"capture","at":"{{At(240)}}","source_id":"a2","title":"Azure regions","content":"Microsoft Azure regions in Europe were slow in the spring."}""",
        };
        lines.AddRange(new[] { 20, 10, 4, 2, 1 }.Select(d => Read("a1", d)));
        lines.AddRange(new[] { 9, 3, 1 }.Select(d => Read("a2", d)));
        lines.AddRange(new[] { 20, 9, 5, 3, 2, 1 }.Select(d => $$"""{"type":"search","at":"{{At(d)}}","query":"kubernetes"}"""));
        await user.Client.ImportHistoryAsync(lines);
        var kubernetes = await WaitForEntityAsync(user, "Kubernetes", items: 2);
        await WaitForEntityAsync(user, "Microsoft Azure", items: 4);

        // The first run writes tonight's relates_to edges after its as-of; the next run reads them (docs/design/insights.md).
        await user.Client.RefreshInsightsAsync();
        await user.Client.RefreshInsightsAsync();

        var gaps = (await user.Client.GetAsync("api/v1/insights/gaps")).Expect(HttpStatusCode.OK).Data.AsArray().Select(g => g!).ToList();
        var gap = Assert.Single(gaps, g => g.Str("topic") == "entity:" + kubernetes.Str("id"));
        Assert.Equal("Kubernetes", gap.Str("name"));
        Assert.Equal(2, gap.Int("holdings"));
        Assert.Equal(["kubernetes"], gap.Strings("searches"));
        Assert.Equal(["Microsoft Azure"], gap.Strings("related_entities"));
        var titles = new List<string>();
        foreach (var id in gap.Strings("item_ids"))
        {
            titles.Add((await user.Client.GetAsync($"{KmtApi.Knowledge}/{id}")).Expect(HttpStatusCode.OK).Data.Str("title"));
        }

        Assert.Equal(["Azure pricing", "Azure regions"], titles.Order(StringComparer.Ordinal));
        Assert.Contains("“kubernetes”", gap.Str("reasoning"), StringComparison.Ordinal);
        Assert.Contains("Microsoft Azure", gap.Str("reasoning"), StringComparison.Ordinal);
        Assert.InRange(gap["urgency_score"]!.GetValue<double>(), 0.01, 1);
        Assert.DoesNotContain(gaps, g => g.Str("topic") == "term:kubernetes");
    }

    /// <summary>The named entity once the graph-changes queue has applied the imported items' mentions.</summary>
    private static async Task<JsonNode> WaitForEntityAsync(SignedInUser user, string name, int items)
    {
        var deadline = DateTime.UtcNow + GraphApi.Propagation;
        while (true)
        {
            var entities = (await user.Client.GetAsync($"{GraphApi.Graph}/entities?limit=100")).Expect(HttpStatusCode.OK).Data["entities"]!.AsArray();
            var entity = entities.Select(e => e!).FirstOrDefault(e => e.Str("name") == name);
            if (entity is not null && entity.Int("item_count") >= items)
            {
                return entity;
            }

            Assert.True(DateTime.UtcNow < deadline, $"No entity {name} with {items} items within {GraphApi.Propagation}: {entities.ToJsonString()}");
            await Task.Delay(200);
        }
    }
}
