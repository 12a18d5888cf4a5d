using Kmt.Core.Graph;
using Kmt.Storage.Gremlin.Graph;

namespace Kmt.Storage.Gremlin.Tests.Graph;

/// <summary>Pins the text and bindings of the graph store's traversals: what a real account will be sent.</summary>
public sealed class GremlinGraphScriptsTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly long Ms = T0.ToUnixTimeMilliseconds();

    private static readonly GremlinGraphScripts Scripts = new(GremlinGraphVocabulary.For("userId"), "userId");

    private static GraphVertex Entity => new()
    {
        Id = "en-1", UserId = "u1", Kind = GraphVertexKinds.Entity, Name = "Kubernetes", NormalizedName = "kubernetes",
        Aliases = ["k8s", "kube"], ValidFrom = T0, RecordedAt = T0, UpdatedAt = T0,
    };

    private static GraphEdge Mention => new()
    {
        Id = "ed-1", UserId = "u1", Label = GraphEdgeLabels.Mentions, FromId = "i1", ToId = "en-1", Count = 2, Evidence = ["i1"],
        ValidFrom = T0, RecordedAt = T0, UpdatedAt = T0,
    };

    [Fact]
    public void A_vertex_upsert_is_fold_coalesce_then_single_properties_and_one_list_value_per_alias()
    {
        var script = Scripts.Batch([b => Scripts.UpsertVertex(b, Entity)]);
        Assert.Equal(
            "g.inject(_v0).union(__.V([_v1, _v2]).fold().coalesce(__.unfold(), __.addV('entity').property(T.id, _v3).property('userId', _v4))"
            + ".property(single, 'body', _v5).property(single, 'normalized_name', _v6).property(single, 'valid_from', _v7)"
            + ".property(single, 'valid_to', _v8).property(single, 'recorded_at', _v9).property(single, 'alias', _v10).property(list, 'alias', _v11)).count()",
            script.Text);
        Assert.Equal(["u1", "en-1", "en-1", "u1"], new[] { "_v1", "_v2", "_v3", "_v4" }.Select(k => script.Bindings[k]));
        Assert.Equal("kubernetes", script.Bindings["_v6"]);
        Assert.Equal(Ms, script.Bindings["_v7"]);
        Assert.Equal(GremlinGraphRecords.Open, script.Bindings["_v8"]);
        Assert.Equal(["k8s", "kube"], new[] { "_v10", "_v11" }.Select(k => script.Bindings[k]));
        Assert.Contains("\"name\":\"Kubernetes\"", (string)script.Bindings["_v5"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_split_merge_record_travels_in_the_body_binding_and_leaves_the_script_text_as_it_was()
    {
        var splitName = "Kubernetes') .drop() //";
        var split = Entity with
        {
            Merges = [new EntityMerge { Name = splitName, NormalizedName = "kubernetes drop", Method = EntityMerge.EmbeddingMethod, MergedAt = T0, SplitAt = T0.AddHours(1), SplitIntoId = "en-2" }],
        };

        var plain = Scripts.Batch([b => Scripts.UpsertVertex(b, Entity)]);
        var script = Scripts.Batch([b => Scripts.UpsertVertex(b, split)]);

        Assert.Equal(plain.Text, script.Text);
        Assert.DoesNotContain("drop", script.Text, StringComparison.Ordinal);
        var body = (string)script.Bindings["_v5"];
        Assert.Contains("\"splitIntoId\":\"en-2\"", body, StringComparison.Ordinal);
        Assert.Contains("kubernetes drop", body, StringComparison.Ordinal);
    }

    [Fact]
    public void An_edge_insert_adds_from_the_source_vertex_unless_it_has_the_id()
    {
        var script = Scripts.Batch([b => Scripts.InsertEdge(b, "u1", Mention)]);
        Assert.Equal(
            "g.inject(_v0).union(__.V([_v1, _v2]).coalesce(__.outE().hasId(_v3), __.addE('mentions').to(__.V([_v4, _v5]))"
            + ".property(T.id, _v6).property('owner', _v7).property('body', _v8).property('valid_from', _v9).property('valid_to', _v10)"
            + ".property('recorded_at', _v11).property('expired_at', _v12).property('expired_exact', _v13))).count()",
            script.Text);
        Assert.Equal(["u1", "i1", "ed-1", "u1", "en-1", "ed-1", "u1"], Enumerable.Range(1, 7).Select(i => script.Bindings["_v" + i]));
        Assert.Equal(GremlinGraphRecords.Open, script.Bindings["_v12"]);
    }

    [Fact]
    public void Expiry_touches_only_open_records_of_the_owner()
    {
        var script = Scripts.ExpireEdges("u1", ["ed-1", "ed-2"], T0);
        Assert.Equal("g.E().has('owner', _v0).hasId(within(_v1)).has('expired_at', _v2).property('expired_at', _v3).property('expired_exact', _v4).count()", script.Text);
        Assert.Equal(new List<object> { "ed-1", "ed-2" }, script.Bindings["_v1"]);
        Assert.Equal(GremlinGraphRecords.Open, script.Bindings["_v2"]);
        Assert.Equal(Ms, script.Bindings["_v3"]);
    }

    [Fact]
    public void Updates_resolve_the_source_then_replace_the_body_through_it()
    {
        Assert.Equal(
            "g.E().has('owner', _v0).hasId(within(_v1))",
            Scripts.Edges("u1", ["ed-1"]).Text);
        Assert.Equal(
            "g.inject(_v0).union(__.V([_v1, _v2]).outE().hasId(_v3).property('body', _v4)).count()",
            Scripts.Batch([b => Scripts.UpdateEdge(b, "u1", "i1", Mention)]).Text);
    }

    [Fact]
    public void Reads_stay_in_the_users_partition()
    {
        Assert.Equal("g.V([_v0, _v1])", Scripts.GetVertex("u1", "i1").Text);
        Assert.Equal(
            "g.V().has('userId', _v0).hasLabel('entity').or(__.has('normalized_name', within(_v1)), __.has('alias', within(_v2)))",
            Scripts.FindEntities("u1", ["k8s"]).Text);
        Assert.Equal("g.V().has('userId', _v0).hasLabel('entity').limit(_v1)", Scripts.ListEntities("u1", 50).Text);
        Assert.Equal("g.V().has('userId', _v0).hasId(within(_v1))", Scripts.GetVertices("u1", ["i1", "i2"]).Text);
        Assert.Equal(
            "g.V().has('userId', _v0).hasId(within(_v1)).bothE('mentions').has('valid_to', _v2).has('expired_at', _v3)",
            Scripts.CurrentEdgesFor("u1", ["i1", "i2"], "mentions").Text);
        Assert.Equal("g.V([_v0, _v1]).bothE('mentions').has('valid_to', _v2).has('expired_at', _v3)", Scripts.CurrentEdges("u1", "i1", "mentions").Text);
        Assert.Equal("g.V([_v0, _v1]).bothE().has('valid_to', _v2).has('expired_at', _v3)", Scripts.CurrentEdges("u1", "i1", null).Text);
        Assert.Equal("g.E(_v0).has('owner', _v1)", Scripts.GetEdge("u1", "ed-1").Text);
        Assert.Equal("g.E(_v0).has('owner', _v1).drop()", Scripts.DropEdge("u1", "ed-1").Text);
        Assert.Equal("g.V([_v0, _v1]).drop()", Scripts.DropVertex("u1", "i1").Text);
        Assert.Equal("g.V().has('userId', _v0).limit(_v1).id()", Scripts.UserVertexIds("u1", 100).Text);
        Assert.Equal("g.V().has('userId', _v0).hasId(within(_v1)).drop()", Scripts.DropVertices("u1", ["i1"]).Text);
    }

    [Fact]
    public void Snapshots_filter_both_times_with_the_open_sentinel()
    {
        var query = new GraphSnapshotQuery { UserId = "u1", AsOf = T0, KnownAt = T0.AddMinutes(1), Limit = 10, Labels = ["tagged", "mentions"] };
        var whole = Scripts.VisibleVertices(query, 11);
        Assert.Equal(
            "g.V().has('userId', _v0).has('recorded_at', lte(_v1)).has('valid_from', lte(_v2)).has('valid_to', gte(_v3)).order().by('valid_from', decr).by(T.id).limit(_v4)",
            whole.Text);
        Assert.Equal(Ms + 60_000, whole.Bindings["_v1"]);
        Assert.Equal(11L, whole.Bindings["_v4"]);

        var edges = Scripts.VisibleEdges(query, ["a", "b"], bothDirections: true);
        Assert.Equal(
            "g.V().has('userId', _v0).hasId(within(_v1)).bothE('mentions', 'tagged').has('recorded_at', lte(_v2)).has('expired_at', gte(_v3))"
            + ".has('valid_from', lte(_v4)).has('valid_to', gte(_v5))",
            edges.Text);
        Assert.Equal(new List<object> { "a", "b" }, edges.Bindings["_v1"]);
        Assert.StartsWith("g.V().has('userId', _v0).hasId(within(_v1)).outE(", Scripts.VisibleEdges(query, ["a"], bothDirections: false).Text, StringComparison.Ordinal);
    }
}
