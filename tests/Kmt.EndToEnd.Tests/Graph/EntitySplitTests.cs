using System.Net;
using System.Text.Json.Nodes;
using Kmt.EndToEnd.Tests.Infrastructure;

namespace Kmt.EndToEnd.Tests.Graph;

/// <summary>
/// Entity resolution by similarity through the API (docs/design/graph.md, "Entity resolution"): a spelling variant
/// of a known entity, mentioned with an entity the known one co-occurs with, joins it by the names' embeddings and
/// the merge is on record; then POST graph/entities/{id}/split takes it back out, and the same text ingested
/// again stays two entities.
/// </summary>
[Collection(DevHostCollection.Name)]
public sealed class EntitySplitTests(DevHostFixture host)
{
    private const string First = "Angela Merkel wrote about Kubernetes. Then Angela Merkel wrote about Kubernetes again.";

    private const string Variant = "Angela Merkel wrote about the Kubernetes Cluster.";

    private static string Entity(string id) => $"{GraphApi.Graph}/entities/{id}";

    private static string Split(string id) => $"{GraphApi.Graph}/entities/{id}/split";

    [GraphFact]
    public async Task A_similarity_merge_happens_is_recorded_and_a_split_undoes_it_for_good()
    {
        var user = await host.RegisterAsync();
        var first = (await user.CreateItemAsync("Cluster notes", First)).Str("id");
        var kubernetes = EntityNamed(await user.WaitForGraphAsync(first, g => EntityNamed(g, "Kubernetes") is not null), "Kubernetes")!;

        var second = (await user.CreateItemAsync("Cluster follow-up", Variant)).Str("id");
        await user.WaitForGraphAsync(second, g => g.Edges("mentions").Any(e => e.Str("target") == kubernetes));

        // The variant joined Kubernetes by similarity, supported by Angela Merkel, whom both notes mention.
        var merged = (await user.Client.GetAsync(Entity(kubernetes))).Expect(HttpStatusCode.OK).Data;
        var merge = Assert.Single(merged["merged_from"]!.AsArray(), m => m!.Str("method") == "embedding")!;
        Assert.Equal("kubernetes cluster", merge.Str("normalized_name"));
        Assert.True(merge["score"]!.GetValue<double>() >= 0.7);
        Assert.Contains(merge.Strings("evidence"), e => e.Contains("Merkel", StringComparison.Ordinal));
        Assert.Equal(second, merge.Str("item_id"));
        Assert.Equal(new[] { first, second }.Order(), ItemIds(merged));
        var beforeSplit = DateTimeOffset.UtcNow;
        await Task.Delay(50);

        var split = (await user.Client.PostAsync(Split(kubernetes), new { name = merge.Str("name") })).Expect(HttpStatusCode.OK).Data;
        var cluster = split.Str("split_entity_id");
        Assert.NotEqual(kubernetes, cluster);
        Assert.Equal(kubernetes, split.Str("entity_id"));
        Assert.Equal("embedding", split.Str("method"));
        Assert.Equal([second], split.Strings("moved_items"));

        var after = (await user.Client.GetAsync(Entity(kubernetes))).Expect(HttpStatusCode.OK).Data;
        Assert.Equal([first], ItemIds(after));
        var undone = Assert.Single(after["merged_from"]!.AsArray(), m => m!.Str("method") == "embedding")!;
        Assert.Equal(cluster, undone.Str("split_into_id"));
        Assert.NotNull(undone["split_at"]);
        Assert.DoesNotContain("kubernetes cluster", after.Strings("aliases"));
        var own = (await user.Client.GetAsync(Entity(cluster))).Expect(HttpStatusCode.OK).Data;
        Assert.Equal([second], ItemIds(own));

        // Valid time before the split still shows the merged state: the second note mentioned Kubernetes then.
        var asOf = Uri.EscapeDataString(beforeSplit.ToString("O"));
        var then = await user.GraphAsync($"center={second}&depth=1&as_of={asOf}");
        Assert.Contains(then.Edges("mentions"), e => e.Str("target") == kubernetes);
        Assert.DoesNotContain(then.Edges("mentions"), e => e.Str("target") == cluster);
        var now = await user.GraphAsync($"center={second}&depth=1");
        Assert.DoesNotContain(now.Edges("mentions"), e => e.Str("target") == kubernetes);
        Assert.Contains(now.Edges("mentions"), e => e.Str("target") == cluster);

        // The same text again: the resolver keeps the pair apart (two entities, no new merge).
        var again = (await user.CreateItemAsync("Cluster follow-up again", Variant)).Str("id");
        var third = await user.WaitForGraphAsync(again, g => g.Edges("mentions").Any(e => e.Str("target") == cluster));
        Assert.DoesNotContain(third.Edges("mentions"), e => e.Str("target") == kubernetes);
        var still = (await user.Client.GetAsync(Entity(kubernetes))).Expect(HttpStatusCode.OK).Data;
        Assert.Single(still["merged_from"]!.AsArray(), m => m!.Str("method") == "embedding");
        Assert.Equal([first], ItemIds(still));
        Assert.Equal(new[] { second, again }.Order(), ItemIds((await user.Client.GetAsync(Entity(cluster))).Expect(HttpStatusCode.OK).Data));

        // The merge is undone: the name is no longer one of the entity's merged names.
        (await user.Client.PostAsync(Split(cluster), new { name = "Kubernetes Cluster" })).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [GraphFact]
    public async Task Bad_input_answers_400_and_anything_not_the_callers_404()
    {
        var owner = await host.RegisterAsync();
        var other = await host.RegisterAsync();
        var item = (await owner.CreateItemAsync("Cluster notes", First)).Str("id");
        var kubernetes = EntityNamed(await owner.WaitForGraphAsync(item, g => EntityNamed(g, "Kubernetes") is not null), "Kubernetes")!;

        (await owner.Client.PostAsync(Split(kubernetes), new { })).ExpectValidation("name");
        (await owner.Client.PostAsync(Split(kubernetes), new { name = "  " })).ExpectValidation("name");
        (await owner.Client.PostAsync(Split(kubernetes), new { name = new string('k', 201) })).ExpectValidation("name");
        (await owner.Client.PostAsync(Split(kubernetes), new { name = "Docker" })).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        (await owner.Client.PostAsync(Split("en-unknown"), new { name = "Docker" })).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        (await other.Client.PostAsync(Split(kubernetes), new { name = "Docker" })).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        (await owner.Client.PostAsync(Split(item), new { name = "Docker" })).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    private static string? EntityNamed(JsonNode graph, string name) =>
        graph.Nodes("entity").FirstOrDefault(n => n.Str("label") == name)?.Str("id");

    private static IEnumerable<string> ItemIds(JsonNode entity) => entity["items"]!.AsArray().Select(i => i!.Str("id")).Order();
}
