using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Core.Graph;
using Kmt.Graph.Analytics.Knowledge;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Kmt.Graph.Analytics.Tests.Knowledge;

/// <summary>The analytics service over a mocked IGraphStore holding small graphs whose answers can be checked by hand.</summary>
public sealed class GraphAnalyticsServiceTests
{
    private const string User = "u1";
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 12, 0, 0, TimeSpan.Zero);
    private readonly AuthenticatedUser _caller = new(User, "user", "f1");
    private readonly Mock<IGraphStore> _store = new(MockBehavior.Strict);
    private readonly List<GraphVertex> _vertices = [];
    private readonly List<GraphEdge> _edges = [];
    private readonly List<GraphSnapshotQuery> _queries = [];
    private readonly GraphAnalyticsOptions _options = new() { MaxVertices = 123, TrendMonths = 6 };
    private string? _version;

    public GraphAnalyticsServiceTests()
    {
        _store.Setup(s => s.QueryAsync(It.IsAny<GraphSnapshotQuery>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((GraphSnapshotQuery q, CancellationToken _) =>
            {
                _queries.Add(q);
                return new GraphSnapshot(_vertices, _edges, Truncated: false);
            });
        _store.Setup(s => s.GetVertexAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string user, string id, CancellationToken _) => user == User ? _vertices.FirstOrDefault(v => v.Id == id) : null);
        _store.Setup(s => s.GetVersionAsync(User, It.IsAny<CancellationToken>())).ReturnsAsync(() => _version);
    }

    [Fact]
    public async Task The_analysed_graph_is_reused_while_the_graph_version_stays_and_read_again_when_it_changes()
    {
        Item("i1"); Item("i2");
        Entity("A", "Alpha"); Entity("B", "Beta");
        Mention("i1", "A", Now.AddDays(-1));
        Mention("i2", "A", Now.AddDays(-1));
        var service = Service();
        _version = "v1";

        var first = await service.RankEntitiesAsync(_caller, null, default);
        await service.DetectCommunitiesAsync(_caller, default);
        Assert.Single(_queries);

        // A write (the store's version moves): the next request sees it.
        Mention("i2", "B", Now.AddDays(-1));
        Mention("i1", "B", Now.AddDays(-1));
        Mention("i2", "B", Now.AddDays(-1));
        Assert.Equal(["A"], first.Entities.Where(e => e.ItemCount > 0).Select(e => e.Id));
        Assert.Equal(first.Entities.Select(e => e.Id), (await service.RankEntitiesAsync(_caller, null, default)).Entities.Select(e => e.Id));
        Assert.Single(_queries);

        _version = "v2";
        var second = await service.RankEntitiesAsync(_caller, null, default);
        Assert.Equal(2, _queries.Count);
        Assert.Equal(["B", "A"], second.Entities.Select(e => e.Id));
    }

    [Fact]
    public async Task A_store_without_versions_or_a_cache_of_zero_reads_the_graph_on_every_request()
    {
        Item("i1"); Entity("A", "Alpha"); Mention("i1", "A", Now.AddDays(-1));
        await Service().RankEntitiesAsync(_caller, null, default);
        await Service().RankEntitiesAsync(_caller, null, default);
        var service = Service();
        await service.RankEntitiesAsync(_caller, null, default);
        await service.RankEntitiesAsync(_caller, null, default);
        Assert.Equal(4, _queries.Count);

        _version = "v1";
        _options.CachedGraphs = 0;
        await service.RankEntitiesAsync(_caller, null, default);
        await service.RankEntitiesAsync(_caller, null, default);
        Assert.Equal(6, _queries.Count);
        _store.Verify(s => s.GetVersionAsync(User, It.IsAny<CancellationToken>()), Times.Exactly(4));
    }

    private GraphAnalyticsService Service() => new(_store.Object, Options.Create(_options), new FakeTimeProvider(Now));

    [Fact]
    public async Task Entities_are_ranked_by_pagerank_with_item_counts_and_monthly_trends()
    {
        // Star: i1, i2, i3 all mention A (in April, May, June); i1 also mentions B (in January).
        Item("i1"); Item("i2"); Item("i3");
        Entity("A", "Alpha"); Entity("B", "Beta");
        Mention("i1", "A", new(2026, 4, 2, 0, 0, 0, TimeSpan.Zero));
        Mention("i2", "A", new(2026, 5, 2, 0, 0, 0, TimeSpan.Zero));
        Mention("i3", "A", new(2026, 6, 2, 0, 0, 0, TimeSpan.Zero));
        Mention("i1", "B", new(2026, 1, 20, 0, 0, 0, TimeSpan.Zero));

        var ranking = await Service().RankEntitiesAsync(_caller, null, default);

        Assert.Equal(["A", "B"], ranking.Entities.Select(e => e.Id));
        Assert.Equal([1, 2], ranking.Entities.Select(e => e.Rank));
        Assert.Equal([3, 1], ranking.Entities.Select(e => e.ItemCount));
        Assert.True(ranking.Entities[0].PageRank > ranking.Entities[1].PageRank);
        Assert.Equal(TrendDirection.Growing, ranking.Entities[0].Trend);
        Assert.Equal(TrendDirection.Fading, ranking.Entities[1].Trend);
        var months = ranking.Entities[0].Months;
        Assert.Equal(6, months.Count);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), months[0].Month);
        Assert.Equal([0, 0, 0, 1, 1, 1], months.Select(m => m.Weight));
        Assert.Equal(2, ranking.Total);

        var query = Assert.Single(_queries);
        Assert.Equal(User, query.UserId);
        Assert.Equal(123, query.Limit);
        Assert.Null(query.CenterId);
        Assert.Equal(Now, query.AsOf);
        Assert.Equal(Now, query.KnownAt);
    }

    [Fact]
    public async Task Merged_entities_are_not_ranked_and_limit_cuts_the_list()
    {
        Item("i1");
        Entity("A", "Alpha"); Entity("B", "Beta"); Entity("C", "Gamma", mergedInto: "A");
        Mention("i1", "A", Now.AddDays(-1));
        Mention("i1", "B", Now.AddDays(-1));

        var ranking = await Service().RankEntitiesAsync(_caller, "1", default);

        Assert.Equal(2, ranking.Total);
        Assert.Equal(1, ranking.Limit);
        Assert.Single(ranking.Entities);
        Assert.DoesNotContain(ranking.Entities, e => e.Id == "C");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("501")]
    [InlineData("abc")]
    [InlineData("-3")]
    public async Task A_bad_limit_is_a_validation_error(string limit)
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => Service().RankEntitiesAsync(_caller, limit, default));
        Assert.Equal(ErrorCode.ValidationError, error.Code);
        _store.Verify(s => s.QueryAsync(It.IsAny<GraphSnapshotQuery>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task An_entity_has_its_items_most_mentions_first_its_related_entities_and_its_timeline()
    {
        Item("i1", "First"); Item("i2", "Second");
        Entity("A", "Alpha"); Entity("B", "Beta");
        Mention("i1", "A", new(2026, 5, 3, 0, 0, 0, TimeSpan.Zero), count: 1);
        Mention("i2", "A", new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero), count: 4);
        Edge(GraphEdgeLabels.RelatesTo, "A", "B", new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero), weight: 2);

        var entity = await Service().GetEntityAsync(_caller, "A", default);

        Assert.Equal("Alpha", entity.Name);
        Assert.Equal(["i2", "i1"], entity.Items.Select(i => i.Id));
        Assert.Equal([4, 1], entity.Items.Select(i => i.Mentions));
        Assert.Equal("Second", entity.Items[0].Title);
        var related = Assert.Single(entity.Related);
        Assert.Equal(("B", 2.0), (related.Id, related.Weight));
        // The timeline starts at the first mention's month: May and June.
        Assert.Equal([new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero)], entity.Timeline.Select(m => m.Month));
        Assert.Equal([1, 1], entity.Timeline.Select(m => m.Count));
        var query = Assert.Single(_queries);
        Assert.Equal(("A", 1), (query.CenterId, query.Depth));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("i1")]
    public async Task An_entity_that_is_not_the_callers_or_not_an_entity_is_not_found(string id)
    {
        Item("i1");
        var error = await Assert.ThrowsAsync<KmtException>(() => Service().GetEntityAsync(_caller, id, default));
        Assert.Equal(ErrorCode.NotFound, error.Code);
        var other = await Assert.ThrowsAsync<KmtException>(() => Service().GetEntityAsync(new AuthenticatedUser("u2", "user", "f"), "i1", default));
        Assert.Equal(ErrorCode.NotFound, other.Code);
    }

    [Fact]
    public async Task The_path_goes_through_the_fewest_hops_and_carries_each_edges_evidence()
    {
        // i1 - A - i2 - B, plus a longer detour i1 - C - D - B.
        Item("i1"); Item("i2");
        Entity("A", "Alpha"); Entity("B", "Beta"); Entity("C", "Gamma"); Entity("D", "Delta");
        Mention("i1", "A", Now.AddDays(-3));
        Mention("i2", "A", Now.AddDays(-3));
        Mention("i2", "B", Now.AddDays(-3));
        Mention("i1", "C", Now.AddDays(-3));
        Edge(GraphEdgeLabels.RelatesTo, "C", "D", Now.AddDays(-3), evidence: ["i1"]);
        Edge(GraphEdgeLabels.RelatesTo, "D", "B", Now.AddDays(-3), evidence: ["i2"]);

        var answer = await Service().FindPathAsync(_caller, "i1", "B", default);

        Assert.NotNull(answer.Path);
        Assert.Equal(3, answer.Path.Hops);
        Assert.Equal(["i1", "A", "i2", "B"], answer.Path.Nodes.Select(n => n.Id));
        Assert.Equal(["item", "entity", "item", "entity"], answer.Path.Nodes.Select(n => n.Kind));
        Assert.All(answer.Path.Steps, s => Assert.Equal(GraphEdgeLabels.Mentions, Assert.Single(s.Edges).Label));
        Assert.Equal(["i1"], answer.Path.Steps[0].Edges[0].Evidence);
        Assert.Equal(["i2"], answer.Path.Steps[2].Edges[0].Evidence);
    }

    [Fact]
    public async Task Unconnected_ids_have_a_null_path_and_unknown_ids_are_not_found()
    {
        Item("i1"); Item("i2");
        Entity("A", "Alpha");
        Mention("i1", "A", Now.AddDays(-1));

        var answer = await Service().FindPathAsync(_caller, "i1", "i2", default);
        Assert.Null(answer.Path);

        var error = await Assert.ThrowsAsync<KmtException>(() => Service().FindPathAsync(_caller, "i1", "nope", default));
        Assert.Equal(ErrorCode.NotFound, error.Code);
        var missing = await Assert.ThrowsAsync<ValidationException>(() => Service().FindPathAsync(_caller, " ", null, default));
        Assert.Equal(ErrorCode.ValidationError, missing.Code);
    }

    [Fact]
    public async Task Two_disjoint_triangles_are_two_communities_with_modularity_one_half_named_by_their_entities_and_a_lone_entity_is_none()
    {
        foreach (var (a, b) in new[] { ("A", "B"), ("B", "C"), ("A", "C"), ("X", "Y"), ("Y", "Z"), ("X", "Z") })
        {
            if (_vertices.All(v => v.Id != a)) { Entity(a, "n" + a); }
            if (_vertices.All(v => v.Id != b)) { Entity(b, "n" + b); }
            // X-Y-Z's edges are new this month, A-B-C's five months ago.
            Edge(GraphEdgeLabels.RelatesTo, a, b, a.StartsWith('X') || a.StartsWith('Y') ? Now.AddDays(-1) : Now.AddMonths(-5));
        }

        Entity("L", "Lonely");

        var list = await Service().DetectCommunitiesAsync(_caller, default);

        Assert.Equal(0.5, list.Modularity, 12);
        Assert.Equal(2, list.Communities.Count);
        var names = list.Communities.Select(c => c.Name).Order().ToList();
        Assert.Equal(["nA, nB, nC", "nX, nY, nZ"], names);
        Assert.All(list.Communities, c => Assert.Equal(3, c.EntityCount));
        Assert.Equal(TrendDirection.Growing, list.Communities.Single(c => c.Name.StartsWith("nX", StringComparison.Ordinal)).Growth);
        Assert.Equal(TrendDirection.Fading, list.Communities.Single(c => c.Name.StartsWith("nA", StringComparison.Ordinal)).Growth);
    }

    private void Item(string id, string? title = null) => _vertices.Add(new GraphVertex
    {
        Id = id, UserId = User, Kind = GraphVertexKinds.Item, Name = title ?? id, ValidFrom = Now.AddYears(-1), RecordedAt = Now.AddYears(-1), UpdatedAt = Now.AddYears(-1),
    });

    private void Entity(string id, string name, string? mergedInto = null) => _vertices.Add(new GraphVertex
    {
        Id = id, UserId = User, Kind = GraphVertexKinds.Entity, Name = name, NormalizedName = name.ToLowerInvariant(), Category = "concept",
        MergedIntoId = mergedInto, ValidFrom = Now.AddYears(-1), RecordedAt = Now.AddYears(-1), UpdatedAt = Now.AddYears(-1),
    });

    private void Mention(string item, string entity, DateTimeOffset from, int count = 1) =>
        Edge(GraphEdgeLabels.Mentions, item, entity, from, evidence: [item], count: count);

    private void Edge(string label, string from, string to, DateTimeOffset validFrom, double weight = 1, IReadOnlyList<string>? evidence = null, int? count = null) =>
        _edges.Add(new GraphEdge
        {
            Id = $"{label}:{from}:{to}", UserId = User, Label = label, FromId = from, ToId = to, Weight = weight, Count = count,
            Evidence = evidence ?? [], ValidFrom = validFrom, RecordedAt = validFrom, UpdatedAt = validFrom,
        });
}
