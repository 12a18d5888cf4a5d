using Kmt.Core.Activity;
using Kmt.Core.Embeddings;
using Kmt.Core.Graph;
using Kmt.Core.Insights;
using Kmt.Core.Insights.Discovery;
using Kmt.Core.Knowledge;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using static Kmt.Core.Tests.Insights.Discovery.DiscoveryRulesTests;
using static Kmt.Core.Tests.Insights.Discovery.GraphGapRulesTests;

namespace Kmt.Core.Tests.Insights.Discovery;

/// <summary>The gap step reads the person's graph as valid and known at the run's as-of, so a repeat stores the same gaps.</summary>
public sealed class GapGraphReaderTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);
    private static readonly UserRun Run = new("u1", "run-1", InsightTriggers.Nightly, AsOf);
    private readonly Dictionary<string, InsightRecord> _stored = new(StringComparer.Ordinal);
    private int _upserts;

    [Fact]
    public async Task The_gap_step_reads_the_graph_as_of_the_run_and_a_repeat_of_it_writes_nothing_new()
    {
        var read = Enumerable.Range(0, 5).Select(i => Item("r" + i, "Rust " + i, null, AsOf.AddDays(-90), accesses: [AsOf.AddDays(-20), AsOf.AddDays(-3), AsOf.AddDays(-1)])).ToList();
        var thin = Item("t", "Tokio intro", null, AsOf.AddDays(-90));
        var input = new DiscoveryInput(AsOf, [.. read, thin], []);
        var graph = Snapshot(
            [Entity("rust", "Rust"), Entity("tokio", "Tokio")],
            [.. read.Select(i => Mentions(i.Id, "rust")), Mentions("t", "tokio"), Mentions("created-after-as-of", "tokio"), RelatesToEdge()]);
        var store = new Mock<IGraphStore>(MockBehavior.Strict);
        store.Setup(s => s.QueryAsync(
                It.Is<GraphSnapshotQuery>(q => q.UserId == "u1" && q.AsOf == AsOf && q.KnownAt == AsOf && q.CenterId == null && q.Labels!.Contains(GraphEdgeLabels.RelatesTo) && q.Limit == 50_000),
                It.IsAny<CancellationToken>()))
            .ReturnsAsync(graph);

        var first = await Service(input, store.Object).ForecastGapsAsync(Run, default);
        var second = await Service(input, store.Object).ForecastGapsAsync(Run, default);

        Assert.Equal(1, first);
        Assert.Equal(1, second);
        Assert.Equal(1, _upserts); // the repeat found the same gap with the same payload: nothing to write
        var gap = Assert.Single(_stored.Values);
        Assert.Equal("entity:" + GraphIds.Entity("tokio"), gap.Subject);
        Assert.Contains("\"holdings\":1", gap.PayloadJson, StringComparison.Ordinal); // the item created after the as-of is not held
        Assert.Contains("\"relatedEntities\":[\"Rust\"]", gap.PayloadJson, StringComparison.Ordinal);
        store.Verify(s => s.QueryAsync(It.IsAny<GraphSnapshotQuery>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task With_the_graph_read_turned_off_no_graph_is_queried()
    {
        var reader = new GapGraphReader(Mock.Of<IGraphStore>(MockBehavior.Strict), Options.Create(new DiscoveryOptions { GapGraphMaxVertices = 0 }));

        var graph = await reader.ReadAsync("u1", AsOf, new HashSet<string>(), default);

        Assert.Empty(graph.Entities);
    }

    private static GraphEdge RelatesToEdge() => Mentions("x", "x") with
    {
        Label = GraphEdgeLabels.RelatesTo, FromId = GraphIds.Entity("rust"), ToId = GraphIds.Entity("tokio"), Weight = 5,
    };

    private DiscoveryPipelineService Service(DiscoveryInput input, IGraphStore graph)
    {
        var options = Options.Create(new DiscoveryOptions());
        var cache = new DiscoveryInputCache(options);
        _ = cache.GetOrReadAsync(Run, () => Task.FromResult(input)).Result; // the run's input, as an earlier step on this instance left it
        var reader = new DiscoveryInputReader(
            Mock.Of<IKnowledgeStore>(MockBehavior.Strict), Mock.Of<IActivityStore>(MockBehavior.Strict), Mock.Of<IEmbeddingStore>(MockBehavior.Strict), Mock.Of<IInsightRunStore>(MockBehavior.Strict),
            Mock.Of<IEmbeddingGenerator<string, Embedding<float>>>(MockBehavior.Strict), options, Options.Create(new InsightOptions()));
        var store = new Mock<IInsightStore>();
        store.Setup(s => s.ListAsync("u1", InsightKinds.Gap, It.IsAny<CancellationToken>())).ReturnsAsync(() => _stored.Values.ToList());
        store.Setup(s => s.UpsertAsync("u1", It.IsAny<IReadOnlyList<InsightRecord>>(), It.IsAny<CancellationToken>()))
            .Callback<string, IReadOnlyList<InsightRecord>, CancellationToken>((_, records, _) =>
            {
                _upserts++;
                foreach (var record in records)
                {
                    _stored[record.Id] = record;
                }
            })
            .Returns(Task.CompletedTask);
        return new DiscoveryPipelineService(reader, cache, store.Object, Mock.Of<IInsightRunStore>(MockBehavior.Strict), options, new FakeTimeProvider(AsOf.AddMinutes(3)), new GapGraphReader(graph, options));
    }
}
