using Kmt.Core.Graph;

namespace Kmt.Core.Tests.Graph;

/// <summary>The bi-temporal diff every nightly derived edge kind shares: insert from now, update in place, close (never delete), reopen with a new record.</summary>
public sealed class DerivedEdgeDiffTests
{
    private const string User = "u1";
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_new_pair_is_inserted_once_in_id_order_valid_from_the_run_and_an_undirected_pair_is_stored_once()
    {
        var batch = DerivedEdgeDiff.Build(User, GraphEdgeLabels.SimilarTo, [Want("b", "a", 0.9), Want("a", "b", 0.8)], [], undirected: true, Now);

        var edge = Assert.Single(batch.EdgeInserts);
        Assert.Equal(("a", "b", 0.9), (edge.FromId, edge.ToId, edge.Weight));
        Assert.Equal(GraphIds.Edge(GraphEdgeLabels.SimilarTo, "a", "b", Now), edge.Id);
        Assert.Equal((Now, Now, Now), (edge.ValidFrom, edge.RecordedAt, edge.UpdatedAt));
        Assert.True(edge.IsCurrent);
        Assert.Empty(batch.VertexUpserts);
    }

    [Fact]
    public void Rerunning_over_its_own_result_writes_nothing_and_a_changed_weight_count_or_evidence_is_an_update()
    {
        var first = DerivedEdgeDiff.Build(User, GraphEdgeLabels.CoRead, [Want("a", "b", 2, 2)], [], undirected: true, Now);
        var later = Now.AddDays(1);

        Assert.True(DerivedEdgeDiff.Build(User, GraphEdgeLabels.CoRead, [Want("b", "a", 2, 2)], first.EdgeInserts, undirected: true, later).IsEmpty);

        var grown = DerivedEdgeDiff.Build(User, GraphEdgeLabels.CoRead, [Want("a", "b", 3, 3)], first.EdgeInserts, undirected: true, later);
        var update = Assert.Single(grown.EdgeUpdates);
        Assert.Equal(first.EdgeInserts[0].Id, update.Id);
        Assert.Equal((3.0, 3, later, Now), (update.Weight, update.Count, update.UpdatedAt, update.ValidFrom));
        Assert.Empty(grown.EdgeInserts);
        Assert.Empty(grown.EdgeExpirations);
    }

    [Fact]
    public void A_pair_no_longer_wanted_is_closed_with_a_copy_and_one_wanted_again_gets_a_new_record()
    {
        var open = DerivedEdgeDiff.Build(User, GraphEdgeLabels.SimilarTo, [Want("a", "b", 0.7)], [], undirected: true, Now).EdgeInserts.Single();
        var later = Now.AddDays(1);

        var closing = DerivedEdgeDiff.Build(User, GraphEdgeLabels.SimilarTo, [], [open], undirected: true, later);

        Assert.Equal(new EdgeExpiration(open.Id, later), Assert.Single(closing.EdgeExpirations));
        var copy = Assert.Single(closing.EdgeInserts);
        Assert.Equal(GraphIds.ClosedCopy(open.Id, later), copy.Id);
        Assert.Equal((Now, later, later), (copy.ValidFrom, copy.ValidTo!.Value, copy.RecordedAt));
        Assert.Null(copy.ExpiredAt);

        var again = Now.AddDays(2);
        var reopened = Assert.Single(DerivedEdgeDiff.Build(User, GraphEdgeLabels.SimilarTo, [Want("a", "b", 0.7)], [copy], undirected: true, again).EdgeInserts);
        Assert.NotEqual(open.Id, reopened.Id);
        Assert.Equal(again, reopened.ValidFrom);
    }

    [Fact]
    public void Without_closing_nothing_is_closed_other_labels_are_not_touched_and_a_duplicate_record_of_a_pair_is_closed()
    {
        var mine = DerivedEdgeDiff.Build(User, GraphEdgeLabels.SimilarTo, [Want("a", "b", 0.7), Want("c", "d", 0.6)], [], undirected: true, Now).EdgeInserts;
        var other = mine[0] with { Id = "x", Label = GraphEdgeLabels.RelatesTo };
        var later = Now.AddDays(1);

        Assert.True(DerivedEdgeDiff.Build(User, GraphEdgeLabels.SimilarTo, [Want("a", "b", 0.7)], [.. mine, other], undirected: true, later, closeMissing: false).IsEmpty);

        var duplicate = mine[0] with { Id = "dup", ValidFrom = Now.AddHours(1) };
        var batch = DerivedEdgeDiff.Build(User, GraphEdgeLabels.SimilarTo, [Want("a", "b", 0.7), Want("c", "d", 0.6)], [.. mine, duplicate, other], undirected: true, later);
        Assert.Equal(["dup"], batch.EdgeExpirations.Select(e => e.EdgeId));
    }

    [Fact]
    public void A_directed_pair_keeps_its_direction()
    {
        var batch = DerivedEdgeDiff.Build(User, GraphEdgeLabels.MemberOf, [Want("en-z", "cm-a", 1)], [], undirected: false, Now);

        Assert.Equal(("en-z", "cm-a"), (batch.EdgeInserts[0].FromId, batch.EdgeInserts[0].ToId));
    }

    private static WantedEdge Want(string from, string to, double weight, int? count = null) => new(from, to, weight, count, [.. new[] { from, to }.Order(StringComparer.Ordinal)]);
}
