using Kmt.Core.Embeddings;
using Kmt.Core.Graph;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Kmt.Core.Tests.Graph;

/// <summary>similar_to from item vectors: threshold, top-k (either side keeps the pair), weight and evidence, models apart, and the refresher's reads and write.</summary>
public sealed class SimilarItemEdgesTests
{
    private const string User = "u1";
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Items_closer_than_the_threshold_are_similar_with_the_cosine_as_weight_and_both_items_as_evidence()
    {
        // a·b = 0.8, a·c = 0, b·c = 0.6.
        var vectors = new[] { Vector("a", 1, 0), Vector("b", 0.8f, 0.6f), Vector("c", 0, 1) };

        var wanted = SimilarItemEdges.Wanted(vectors, minCosine: 0.7, topK: 5);

        var pair = Assert.Single(wanted);
        Assert.Equal(("a", "b"), (pair.FromId, pair.ToId));
        Assert.Equal(0.8, pair.Weight, 6);
        Assert.Null(pair.Count);
        Assert.Equal(["a", "b"], pair.Evidence);
        Assert.Equal(2, SimilarItemEdges.Wanted(vectors, minCosine: 0.5, topK: 5).Count);
    }

    [Fact]
    public void Each_item_keeps_its_k_nearest_and_a_pair_holds_when_either_side_keeps_it()
    {
        // hub·s1 = hub·s2 = 0.9, s1·s2 = 0.81: with k = 1 the hub keeps s1 (the tie goes to the lower id), yet
        // hub–s2 holds because s2 keeps the hub; s1–s2 is nobody's first choice.
        var vectors = new[] { Vector("hub", 1, 0, 0), Vector("s1", 0.9f, 0.436f, 0), Vector("s2", 0.9f, 0, 0.436f) };

        var pairs = SimilarItemEdges.Wanted(vectors, minCosine: 0, topK: 1).Select(p => (p.FromId, p.ToId)).Order().ToList();

        Assert.Equal([("hub", "s1"), ("hub", "s2")], pairs);
        Assert.Equal(3, SimilarItemEdges.Wanted(vectors, minCosine: 0, topK: 2).Count);
    }

    [Fact]
    public void Vectors_of_different_models_or_lengths_never_compare()
    {
        var vectors = new[] { Vector("a", 1, 0), Vector("b", 1, 0) with { Model = "other" }, Vector("c", 1, 0, 0) };

        Assert.Empty(SimilarItemEdges.Wanted(vectors, minCosine: 0.1, topK: 5));
    }

    [Fact]
    public void Rebuilding_over_its_own_result_writes_nothing_and_a_pair_that_drifts_apart_is_closed()
    {
        var vectors = new List<ItemVector> { Vector("a", 1, 0), Vector("b", 0.8f, 0.6f) };
        var first = SimilarItemEdges.Build(User, vectors, [], 0.7, 5, Now);
        Assert.Single(first.EdgeInserts);

        Assert.True(SimilarItemEdges.Build(User, vectors, first.EdgeInserts, 0.7, 5, Now.AddDays(1)).IsEmpty);

        vectors[1] = Vector("b", 0, 1);
        var drifted = SimilarItemEdges.Build(User, vectors, first.EdgeInserts, 0.7, 5, Now.AddDays(1));
        Assert.Equal(first.EdgeInserts[0].Id, Assert.Single(drifted.EdgeExpirations).EdgeId);
        Assert.Equal(Now.AddDays(1), Assert.Single(drifted.EdgeInserts).ValidTo);
    }

    [Fact]
    public async Task The_refresher_reads_the_live_items_and_their_chunks_and_leaves_pairs_open_when_the_read_was_truncated()
    {
        var graph = new Mock<IGraphStore>(MockBehavior.Strict);
        var old = SimilarItemEdges.Build(User, [Vector("x", 1, 0), Vector("y", 1, 0)], [], 0.5, 5, Now.AddDays(-1)).EdgeInserts.Single();
        GraphSnapshotQuery? asked = null;
        GraphWriteBatch? written = null;
        graph.Setup(s => s.QueryAsync(It.IsAny<GraphSnapshotQuery>(), It.IsAny<CancellationToken>()))
            .Callback<GraphSnapshotQuery, CancellationToken>((q, _) => asked = q)
            .ReturnsAsync(new GraphSnapshot([Item("a"), Item("b"), Item("c"), Entity("e")], [old], Truncated: true));
        graph.Setup(s => s.ApplyAsync(It.IsAny<GraphWriteBatch>(), It.IsAny<CancellationToken>()))
            .Callback<GraphWriteBatch, CancellationToken>((b, _) => written = b).Returns(Task.CompletedTask);
        var embeddings = new Mock<IEmbeddingStore>(MockBehavior.Strict);
        IReadOnlyCollection<string>? readIds = null;
        embeddings.Setup(s => s.GetManyAsync(User, It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()))
            .Callback<string, IReadOnlyCollection<string>, CancellationToken>((_, ids, _) => readIds = ids)
            .ReturnsAsync(new Dictionary<string, IReadOnlyList<ChunkEmbedding>>
            {
                ["a"] = [Chunk(1, 0), Chunk(0.9f, 0.1f)],
                ["b"] = [Chunk(1, 0.05f)], // "c" has no chunks: absent
            });
        var options = Options.Create(new GraphOptions { CoOccurrenceMaxVertices = 321, SimilarToMinCosine = 0.9 });
        var refresher = new SimilarItemsRefresher(graph.Object, embeddings.Object, options, new FakeTimeProvider(Now), NullLogger<SimilarItemsRefresher>.Instance);

        var count = await refresher.RefreshAsync(User, default);

        Assert.Equal(1, count);
        var inserted = Assert.Single(written!.EdgeInserts);
        Assert.Equal(("a", "b", GraphEdgeLabels.SimilarTo), (inserted.FromId, inserted.ToId, inserted.Label));
        Assert.Empty(written.EdgeExpirations); // x–y is not in the truncated read: it may still hold
        Assert.Equal((321, GraphEdgeLabels.SimilarTo, Now), (asked!.Limit, asked.Labels!.Single(), asked.AsOf));
        Assert.Equal(["a", "b", "c"], readIds!.Order(StringComparer.Ordinal)); // the items in one read, not the entity
        embeddings.Verify(s => s.GetManyAsync(User, It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    private static ItemVector Vector(string id, params float[] values) => new(id, "m", values);

    private static ChunkEmbedding Chunk(params float[] values) => new(0, 0, 10, "m", values);

    private static GraphVertex Item(string id) => new() { Id = id, UserId = User, Kind = GraphVertexKinds.Item, Name = id, ValidFrom = Now, RecordedAt = Now, UpdatedAt = Now };

    private static GraphVertex Entity(string id) => Item(id) with { Kind = GraphVertexKinds.Entity };
}
