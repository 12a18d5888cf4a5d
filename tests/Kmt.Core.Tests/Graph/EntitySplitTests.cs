using Kmt.Core.Common;
using Kmt.Core.Graph;
using Kmt.Core.Knowledge;
using Kmt.Core.TextAnalysis;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using static Kmt.Core.Tests.Fakes.TestSupport;

namespace Kmt.Core.Tests.Graph;

/// <summary>Undoing a merge: which items move, the bi-temporal write, and the resolver keeping the pair apart.</summary>
public class EntitySplitTests
{
    private static readonly DateTimeOffset Merged = Start.AddDays(1);

    private readonly FakeTimeProvider _clock = new(Start.AddDays(2));
    private readonly Mock<IGraphStore> _graph = new();
    private readonly Mock<IKnowledgeStore> _items = new();
    private readonly Mock<ITextAnalyzer> _analyzer = new();
    private readonly List<GraphWriteBatch> _applied = [];
    private readonly Dictionary<string, string[]> _names = [];

    public EntitySplitTests()
    {
        _graph.Setup(g => g.ApplyAsync(It.IsAny<GraphWriteBatch>(), It.IsAny<CancellationToken>()))
            .Callback<GraphWriteBatch, CancellationToken>((b, _) => _applied.Add(b)).Returns(Task.CompletedTask);
        _items.Setup(s => s.GetAsync("u", It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string _, string id, CancellationToken _) => _names.ContainsKey(id) ? Item(id) : null);
        _analyzer.Setup(a => a.AnalyzeAsync(It.IsAny<string>(), It.IsAny<TextAnalysisRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string text, TextAnalysisRequest _, CancellationToken _) => new TextAnalysisResult("en", [], [],
                _names[text.Split('\n')[0]].Select(n => new NamedEntity(n, EntityCategories.Concept, n.Length % 3 + 1, [0])).ToList()));
    }

    private static KnowledgeItem Item(string id) => new()
    {
        Id = id, UserId = "u", Title = id, Content = "text", ContentType = "note",
        CreatedAt = Start, UpdatedAt = Start, AccessedAt = Start, ETag = ETags.New(),
    };

    private static GraphVertex Kubernetes(params EntityMerge[] merges) => new()
    {
        Id = "en-k", UserId = "u", Kind = GraphVertexKinds.Entity, Name = "Kubernetes", NormalizedName = "kubernetes", Category = EntityCategories.Concept,
        Aliases = ["kubernetes cluster", "k8s"], Merges = merges, ValidFrom = Start, RecordedAt = Start, UpdatedAt = Merged,
    };

    private static readonly EntityMerge ClusterMerge = new()
    {
        Name = "Kubernetes cluster", NormalizedName = "kubernetes cluster", Method = EntityMerge.EmbeddingMethod, Score = 0.83, Evidence = ["Helm"], ItemId = "i2", MergedAt = Merged,
    };

    private static GraphEdge Mention(string itemId, int count) => new()
    {
        Id = GraphIds.Edge(GraphEdgeLabels.Mentions, itemId, "en-k", Start), UserId = "u", Label = GraphEdgeLabels.Mentions, FromId = itemId, ToId = "en-k",
        Count = count, Weight = count, Evidence = [itemId], ValidFrom = Start, RecordedAt = Start, UpdatedAt = Start,
    };

    private EntitySplitService Service() => new(
        _items.Object, _graph.Object, new ItemMentionExtractor(_analyzer.Object, Options(new GraphOptions())), Options(new GraphOptions()), _clock, NullLogger<EntitySplitService>.Instance);

    private void Graph(GraphVertex entity, params GraphEdge[] mentions)
    {
        _graph.Setup(g => g.GetVertexAsync("u", entity.Id, It.IsAny<CancellationToken>())).ReturnsAsync(entity);
        _graph.Setup(g => g.GetCurrentEdgesAsync("u", entity.Id, GraphEdgeLabels.Mentions, It.IsAny<CancellationToken>())).ReturnsAsync(mentions);
    }

    [Fact]
    public async Task Items_naming_the_split_name_move_at_the_split_and_the_merge_is_marked_undone()
    {
        _names["i1"] = ["Kubernetes"];
        _names["i2"] = ["Kubernetes cluster"];
        _names["i3"] = ["Kubernetes cluster", "K8s"];
        Graph(Kubernetes(ClusterMerge), Mention("i1", 2), Mention("i2", 1), Mention("i3", 5));

        var result = await Service().SplitAsync(Caller("u"), "en-k", new EntitySplitInput(" kubernetes CLUSTER "), CancellationToken.None);

        var splitAt = _clock.GetUtcNow();
        var clusterId = GraphIds.Entity("kubernetes cluster");
        Assert.Equal(("en-k", clusterId, "Kubernetes cluster", "embedding", splitAt), (result.EntityId, result.SplitEntityId, result.Name, result.Method, result.SplitAt));
        Assert.Equal(["i2", "i3"], result.MovedItems);
        var batch = Assert.Single(_applied);
        var (cluster, kubernetes) = (batch.VertexUpserts[0], batch.VertexUpserts[1]);
        Assert.Equal((clusterId, "Kubernetes cluster", "kubernetes cluster", EntityCategories.Concept, splitAt, (string?)null), (cluster.Id, cluster.Name, cluster.NormalizedName, cluster.Category, cluster.ValidFrom, cluster.MergedIntoId));
        Assert.Equal(["k8s"], kubernetes.Aliases);
        var undone = Assert.Single(kubernetes.Merges);
        Assert.Equal((splitAt, clusterId), (undone.SplitAt, undone.SplitIntoId));

        // i2 named only the split name: its record closes at the split (expired + closed copy); i3 still says K8s.
        var closed = Assert.Single(batch.EdgeExpirations);
        Assert.Equal(Mention("i2", 1).Id, closed.EdgeId);
        var copy = Assert.Single(batch.EdgeInserts, e => e.ToId == "en-k");
        Assert.Equal(("i2", Start, splitAt, (DateTimeOffset?)null), (copy.FromId, copy.ValidFrom, copy.ValidTo, copy.ExpiredAt));
        var recount = Assert.Single(batch.EdgeUpdates);
        Assert.Equal(("i3", "k8s".Length % 3 + 1), (recount.FromId, recount.Count));
        var opened = batch.EdgeInserts.Where(e => e.ToId == clusterId).OrderBy(e => e.FromId, StringComparer.Ordinal).ToList();
        Assert.Equal(["i2", "i3"], opened.Select(e => e.FromId));
        Assert.All(opened, e => Assert.Equal((splitAt, (DateTimeOffset?)null, "Kubernetes cluster".Length % 3 + 1), (e.ValidFrom, e.ValidTo, e.Count)));
        Assert.All(opened, e => Assert.Equal(GraphIds.Edge(GraphEdgeLabels.Mentions, e.FromId, clusterId, splitAt), e.Id));
    }

    [Fact]
    public async Task Repeating_a_split_writes_the_same_records_from_the_recorded_split_time()
    {
        _names["i2"] = ["Kubernetes cluster"];
        Graph(Kubernetes(ClusterMerge), Mention("i2", 1));
        await Service().SplitAsync(Caller("u"), "en-k", new EntitySplitInput("Kubernetes cluster"), CancellationToken.None);

        // Cut short after the vertices: the entity already carries the split, the item's record is still open.
        Graph(_applied[0].VertexUpserts[1], Mention("i2", 1));
        _clock.Advance(TimeSpan.FromHours(1));
        await Service().SplitAsync(Caller("u"), "en-k", new EntitySplitInput("Kubernetes cluster"), CancellationToken.None);

        Assert.Equal(_applied[0].EdgeInserts.Select(e => e.Id), _applied[1].EdgeInserts.Select(e => e.Id));
        Assert.Equal(_applied[0].VertexUpserts[1].Merges[0].SplitAt, _applied[1].VertexUpserts[1].Merges[0].SplitAt);
    }

    [Fact]
    public async Task Bad_input_is_400_and_an_unknown_entity_or_name_404()
    {
        Graph(Kubernetes(ClusterMerge));
        var service = Service();

        HasError(await ThrowsValidation(() => service.SplitAsync(Caller("u"), "en-k", new EntitySplitInput(null), CancellationToken.None)), "name");
        HasError(await ThrowsValidation(() => service.SplitAsync(Caller("u"), "en-k", null, CancellationToken.None)), "name");
        HasError(await ThrowsValidation(() => service.SplitAsync(Caller("u"), "en-k", new EntitySplitInput(new string('a', 201)), CancellationToken.None)), "name");
        HasError(await ThrowsValidation(() => service.SplitAsync(Caller("u"), "en-k", new EntitySplitInput("!!"), CancellationToken.None)), "name");
        await ThrowsKmt(ErrorCode.NotFound, () => service.SplitAsync(Caller("u"), "en-k", new EntitySplitInput("Docker"), CancellationToken.None));
        await ThrowsKmt(ErrorCode.NotFound, () => service.SplitAsync(Caller("u"), "en-other", new EntitySplitInput("Kubernetes cluster"), CancellationToken.None));
        await ThrowsKmt(ErrorCode.NotFound, () => service.SplitAsync(Caller("v"), "en-k", new EntitySplitInput("Kubernetes cluster"), CancellationToken.None));
        Assert.Empty(_applied);
    }

    [Fact]
    public async Task A_name_with_the_entitys_own_key_cannot_be_split()
    {
        Graph(Kubernetes(ClusterMerge with { Name = "K8s", NormalizedName = "k8s", Method = EntityMerge.KeyMethod }));

        HasError(await ThrowsValidation(() => Service().SplitAsync(Caller("u"), "en-k", new EntitySplitInput("K8s"), CancellationToken.None)), "name");
    }

    [Fact]
    public async Task The_resolver_never_merges_a_split_pair_again()
    {
        var split = Kubernetes(ClusterMerge with { SplitAt = _clock.GetUtcNow(), SplitIntoId = "en-c" });
        var cluster = new GraphVertex
        {
            Id = "en-c", UserId = "u", Kind = GraphVertexKinds.Entity, Name = "Kubernetes cluster", NormalizedName = "kubernetes cluster",
            ValidFrom = Start, RecordedAt = Merged, UpdatedAt = Merged,
        };
        _graph.Setup(g => g.FindEntitiesAsync("u", It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>())).ReturnsAsync([split, cluster]);

        // Both match by name (as if the alias had come back): without the split record the younger would merge into the older.
        var resolution = await new EntityResolver(_graph.Object, _clock).ResolveAsync("u", [new ItemMention("Kubernetes cluster", EntityCategories.Concept, 1)], Start, CancellationToken.None);

        Assert.Empty(_applied);
        Assert.DoesNotContain(resolution.Upserts, v => v.MergedIntoId is not null);
        Assert.Equal("en-c", resolution.ByKey["kubernetes cluster"].Id);
        Assert.True(EntitySplit.KeepsApart(cluster, split));
        Assert.True(EntitySplit.RefusesName(split, "kubernetes cluster", "kubernetes cluster"));
        Assert.False(EntitySplit.RefusesName(Kubernetes(ClusterMerge), "kubernetes cluster", "kubernetes cluster"));
    }
}
