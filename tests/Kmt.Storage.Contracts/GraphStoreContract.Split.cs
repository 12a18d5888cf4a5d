using Kmt.Core.Graph;

namespace Kmt.Storage.Contracts;

/// <summary>Undoing a merge through the port: the split's one write (<see cref="EntitySplit.Plan"/>) on every adapter.</summary>
public abstract partial class GraphStoreContract
{
    [Fact]
    public virtual async Task A_split_moves_mentions_at_its_time_keeps_the_merged_state_as_of_before_and_is_on_record()
    {
        var merge = new EntityMerge { Name = "Kubernetes cluster", NormalizedName = "kubernetes cluster", Method = EntityMerge.EmbeddingMethod, Score = 0.83, Evidence = ["Helm"], ItemId = "i2", MergedAt = At(2) };
        var kubernetes = Vertex(A, "en-k", GraphVertexKinds.Entity, "Kubernetes", At(1), "kubernetes", ["kubernetes cluster"]) with { Merges = [merge] };
        var stay = Edge(A, "i1", "en-k", validFrom: At(1), count: 2);
        var move = Edge(A, "i2", "en-k", validFrom: At(2), count: 1);
        await ApplyAsync(A, [Vertex(A, "i1"), Vertex(A, "i2"), kubernetes], [stay, move]);

        var cluster = Vertex(A, "en-c", GraphVertexKinds.Entity, "Kubernetes cluster", At(10), "kubernetes cluster");
        var remaining = kubernetes with { Aliases = [], Merges = [merge with { SplitAt = At(10), SplitIntoId = "en-c" }], UpdatedAt = At(10) };
        var batch = EntitySplit.Plan(remaining, cluster, [new SplitMove(move, 1, 0)], At(10), At(10));
        await Graph.ApplyAsync(batch, Ct);
        await Graph.ApplyAsync(batch, Ct); // a split written again (completing one cut short) changes nothing

        Assert.Equal(remaining, await Graph.GetVertexAsync(A, "en-k", Ct), VertexComparer.Instance);
        Assert.Equal(["en-c"], Ids(await Graph.FindEntitiesAsync(A, ["kubernetes cluster"], Ct)));
        Assert.Equal([stay.Id], Ids(await Graph.GetCurrentEdgesAsync(A, "en-k", GraphEdgeLabels.Mentions, Ct)));
        var opened = Assert.Single(await Graph.GetCurrentEdgesAsync(A, "en-c", GraphEdgeLabels.Mentions, Ct));
        Assert.Equal(("i2", At(10), 1), (opened.FromId, opened.ValidFrom, opened.Count));

        string[] Targets(GraphSnapshot s) => s.Edges.Where(e => e.FromId == "i2").Select(e => e.ToId).Order(StringComparer.Ordinal).ToArray();
        var before = await SnapshotAsync(A, At(5), center: "i2", depth: 1);
        Assert.Equal(["en-k"], Targets(before));
        Assert.Equal(At(10), Assert.Single(before.Edges, e => e.FromId == "i2").ValidTo);
        Assert.DoesNotContain(before.Vertices, v => v.Id == "en-c");
        Assert.Equal(["en-c"], Targets(await SnapshotAsync(A, At(11), center: "i2", depth: 1)));
        var knownBefore = await SnapshotAsync(A, At(5), knownAt: At(5), center: "i2", depth: 1);
        Assert.Null(Assert.Single(knownBefore.Edges, e => e.FromId == "i2").ValidTo);
    }
}
