using Kmt.Core.Graph;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Kmt.Core.Tests.Graph;

/// <summary>relates_to from co-occurring mentions: which pairs qualify, their weight, evidence and valid time, and the bi-temporal diff.</summary>
public sealed class CoOccurrenceEdgesTests
{
    private const string User = "u1";
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Entities_mentioned_together_by_enough_items_relate_with_that_many_items_as_weight_and_evidence()
    {
        // i1: A B C; i2: A B; i3: B C (C from day 5). A–B in 2 items, B–C in 2, A–C in 1.
        var mentions = new[]
        {
            Mention("i1", "A", 1), Mention("i1", "B", 2), Mention("i1", "C", 3),
            Mention("i2", "A", 4), Mention("i2", "B", 4),
            Mention("i3", "B", 1), Mention("i3", "C", 5),
        };

        var batch = CoOccurrenceEdges.Build(User, mentions, [], minItems: 2, maxEntitiesPerItem: 30, Now);

        Assert.Empty(batch.EdgeExpirations);
        Assert.Empty(batch.EdgeUpdates);
        Assert.Equal([("A", "B", 2), ("B", "C", 2)], batch.EdgeInserts.Select(e => (e.FromId, e.ToId, e.Count ?? 0)));
        var ab = batch.EdgeInserts[0];
        Assert.Equal(GraphEdgeLabels.RelatesTo, ab.Label);
        Assert.Equal(2, ab.Weight);
        Assert.Equal(["i1", "i2"], ab.Evidence);
        // A–B held once the second item made the pair: i1 from day 2, i2 from day 4.
        Assert.Equal(T0.AddDays(4), ab.ValidFrom);
        Assert.Equal(GraphIds.Edge(GraphEdgeLabels.RelatesTo, "A", "B", T0.AddDays(4)), ab.Id);
        Assert.Equal(T0.AddDays(5), batch.EdgeInserts[1].ValidFrom);
        Assert.All(batch.EdgeInserts, e => Assert.Equal(Now, e.RecordedAt));
    }

    [Fact]
    public void Rebuilding_over_its_own_result_writes_nothing_and_a_changed_weight_is_an_update()
    {
        var mentions = new List<GraphEdge> { Mention("i1", "A", 1), Mention("i1", "B", 1), Mention("i2", "A", 2), Mention("i2", "B", 2) };
        var first = CoOccurrenceEdges.Build(User, mentions, [], 2, 30, Now);

        Assert.True(CoOccurrenceEdges.Build(User, mentions, first.EdgeInserts, 2, 30, Now.AddDays(1)).IsEmpty);

        mentions.AddRange([Mention("i3", "B", 3), Mention("i3", "A", 3)]);
        var grown = CoOccurrenceEdges.Build(User, mentions, first.EdgeInserts, 2, 30, Now.AddDays(1));
        var update = Assert.Single(grown.EdgeUpdates);
        Assert.Equal(first.EdgeInserts[0].Id, update.Id);
        Assert.Equal(3, update.Count);
        Assert.Equal(["i1", "i2", "i3"], update.Evidence);
        Assert.Empty(grown.EdgeInserts);
    }

    [Fact]
    public void A_pair_that_no_longer_qualifies_is_closed_not_deleted()
    {
        var mentions = new List<GraphEdge> { Mention("i1", "A", 1), Mention("i1", "B", 1), Mention("i2", "A", 2), Mention("i2", "B", 2) };
        var open = CoOccurrenceEdges.Build(User, mentions, [], 2, 30, Now).EdgeInserts.Single();
        var later = Now.AddDays(3);

        // i2's mention of B closed (an edit): only i1 still mentions both.
        mentions[3] = mentions[3] with { ValidTo = later };
        var batch = CoOccurrenceEdges.Build(User, mentions, [open], 2, 30, later);

        Assert.Equal(open.Id, Assert.Single(batch.EdgeExpirations).EdgeId);
        var closed = Assert.Single(batch.EdgeInserts);
        Assert.Equal(GraphIds.ClosedCopy(open.Id, later), closed.Id);
        Assert.Equal((open.FromId, open.ToId, open.ValidFrom), (closed.FromId, closed.ToId, closed.ValidFrom));
        Assert.Equal(later, closed.ValidTo);
        Assert.Null(closed.ExpiredAt);
    }

    [Fact]
    public void An_item_pairs_only_its_most_mentioned_entities()
    {
        var mentions = new[]
        {
            Mention("i1", "A", 1, count: 5), Mention("i1", "B", 1, count: 4), Mention("i1", "C", 1, count: 1),
            Mention("i2", "A", 1, count: 5), Mention("i2", "B", 1, count: 4), Mention("i2", "C", 1, count: 1),
        };

        var batch = CoOccurrenceEdges.Build(User, mentions, [], 2, maxEntitiesPerItem: 2, Now);

        Assert.Equal([("A", "B")], batch.EdgeInserts.Select(e => (e.FromId, e.ToId)));
    }

    [Fact]
    public async Task The_refresher_reads_mentions_and_relates_to_of_the_current_graph_and_writes_one_batch_leaving_merged_entities_out()
    {
        var store = new Mock<IGraphStore>(MockBehavior.Strict);
        GraphSnapshotQuery? asked = null;
        GraphWriteBatch? written = null;
        var vertices = new[] { Vertex("i1"), Vertex("i2"), Vertex("A"), Vertex("B"), Vertex("C") with { MergedIntoId = "A" } };
        GraphEdge[] edges = [Mention("i1", "A", 1), Mention("i1", "B", 1), Mention("i2", "A", 2), Mention("i2", "B", 2), Mention("i1", "C", 1), Mention("i2", "C", 1)];
        store.Setup(s => s.QueryAsync(It.IsAny<GraphSnapshotQuery>(), It.IsAny<CancellationToken>()))
            .Callback<GraphSnapshotQuery, CancellationToken>((q, _) => asked = q)
            .ReturnsAsync(new GraphSnapshot(vertices, edges, Truncated: false));
        store.Setup(s => s.ApplyAsync(It.IsAny<GraphWriteBatch>(), It.IsAny<CancellationToken>()))
            .Callback<GraphWriteBatch, CancellationToken>((b, _) => written = b)
            .Returns(Task.CompletedTask);
        var options = new GraphOptions { CoOccurrenceMaxVertices = 777 };
        var refresher = new CoOccurrenceRefresher(store.Object, Options.Create(options), new FakeTimeProvider(Now), NullLogger<CoOccurrenceRefresher>.Instance);

        var count = await refresher.RefreshAsync(User, default);

        Assert.Equal(1, count);
        Assert.Equal(("A", "B"), (written!.EdgeInserts.Single().FromId, written.EdgeInserts.Single().ToId));
        Assert.Equal(User, asked!.UserId);
        Assert.Equal(777, asked.Limit);
        Assert.Null(asked.CenterId);
        Assert.Equal((Now, Now), (asked.AsOf, asked.KnownAt));
        Assert.Equal([GraphEdgeLabels.Mentions, GraphEdgeLabels.RelatesTo], asked.Labels!.Order(StringComparer.Ordinal));
    }

    private static GraphVertex Vertex(string id) => new()
    {
        Id = id, UserId = User, Kind = id.StartsWith('i') ? GraphVertexKinds.Item : GraphVertexKinds.Entity, Name = id, ValidFrom = T0, RecordedAt = T0, UpdatedAt = T0,
    };

    private static GraphEdge Mention(string item, string entity, int day, int count = 1) => new()
    {
        Id = $"m:{item}:{entity}", UserId = User, Label = GraphEdgeLabels.Mentions, FromId = item, ToId = entity, Count = count, Weight = count,
        Evidence = [item], ValidFrom = T0.AddDays(day), RecordedAt = T0.AddDays(day), UpdatedAt = T0.AddDays(day),
    };
}
