using Kmt.Core.Graph;
using Kmt.Graph.Analytics.Knowledge;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Kmt.Graph.Analytics.Tests.Knowledge;

/// <summary>
/// member_of over a mocked store that applies batches the way the contract says: community vertices named by
/// their top entities, idempotent reruns, a membership change closing the old edge and opening a new one, and
/// a community that dissolves closing its vertex.
/// </summary>
public sealed class CommunityMembershipRefresherTests
{
    private const string User = "u1";
    private static readonly DateTimeOffset T0 = new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly Dictionary<string, GraphVertex> _vertices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GraphEdge> _edges = new(StringComparer.Ordinal);
    private readonly Mock<IGraphStore> _store = new(MockBehavior.Strict);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 6, 1, 2, 0, 0, TimeSpan.Zero));

    public CommunityMembershipRefresherTests()
    {
        _store.Setup(s => s.QueryAsync(It.IsAny<GraphSnapshotQuery>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((GraphSnapshotQuery q, CancellationToken _) =>
            {
                var vertices = _vertices.Values.Where(v => v.IsVisible(q.AsOf, q.KnownAt)).OrderBy(v => v.Id, StringComparer.Ordinal).ToList();
                var ids = vertices.Select(v => v.Id).ToHashSet();
                var edges = _edges.Values.Where(e => e.IsVisible(q.AsOf, q.KnownAt) && ids.Contains(e.FromId) && ids.Contains(e.ToId)).ToList();
                return new GraphSnapshot(vertices, edges, Truncated: false);
            });
        _store.Setup(s => s.GetVertexAsync(User, It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string _, string id, CancellationToken _) => _vertices.GetValueOrDefault(id));
        _store.Setup(s => s.ApplyAsync(It.IsAny<GraphWriteBatch>(), It.IsAny<CancellationToken>()))
            .Callback<GraphWriteBatch, CancellationToken>((b, _) =>
            {
                foreach (var v in b.VertexUpserts)
                {
                    _vertices[v.Id] = v;
                }

                foreach (var x in b.EdgeExpirations.Where(x => _edges[x.EdgeId].ExpiredAt is null))
                {
                    _edges[x.EdgeId] = _edges[x.EdgeId] with { ExpiredAt = x.ExpiredAt };
                }

                foreach (var e in b.EdgeInserts)
                {
                    _edges.TryAdd(e.Id, e);
                }

                foreach (var e in b.EdgeUpdates)
                {
                    _edges[e.Id] = e;
                }
            })
            .Returns(Task.CompletedTask);
    }

    [Fact]
    public async Task Communities_become_named_vertices_with_member_of_edges_and_a_rerun_writes_nothing()
    {
        TwoClusters();
        var refresher = Refresher();

        var written = await refresher.RefreshAsync(User, default);

        var communities = Current(GraphVertexKinds.Community);
        Assert.Equal(2, communities.Count);
        var alpha = _vertices[GraphIds.Community("A")];
        Assert.Equal("Alpha, Beta", alpha.Name);
        Assert.Equal(_clock.GetUtcNow(), alpha.ValidFrom);
        Assert.Equal(GraphVertexKinds.Community, alpha.Kind);
        var members = MemberOf();
        Assert.Equal(4, members.Count);
        Assert.Equal(6, written); // two vertices, four edges
        Assert.Equal(alpha.Id, members["A"].ToId);
        Assert.Equal(alpha.Id, members["B"].ToId);
        Assert.Equal(GraphIds.Community("C"), members["D"].ToId);
        Assert.Equal(["i1", "i2"], members["A"].Evidence);

        _clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await refresher.RefreshAsync(User, default));
    }

    [Fact]
    public async Task A_membership_that_changes_is_closed_and_a_dissolved_community_closes_its_vertex()
    {
        TwoClusters();
        var refresher = Refresher();
        await refresher.RefreshAsync(User, default);
        var before = MemberOf();
        var firstRun = _clock.GetUtcNow();

        // B leaves the first cluster (its mentions there close) and is mentioned in the second.
        _clock.Advance(TimeSpan.FromDays(1));
        var edit = _clock.GetUtcNow();
        foreach (var id in new[] { "m:i1:B", "m:i2:B" })
        {
            _edges[id] = _edges[id] with { ValidTo = edit };
        }

        Mention("i3", "B", edit);
        _clock.Advance(TimeSpan.FromHours(1));
        await refresher.RefreshAsync(User, default);

        var after = MemberOf();
        Assert.Equal(before["A"].Id, after["A"].Id); // unchanged membership: same record
        Assert.NotEqual(GraphIds.Community("A"), after["B"].ToId);
        Assert.NotNull(_edges[before["B"].Id].ExpiredAt);
        var closed = Assert.Single(_edges.Values, e => e.Label == GraphEdgeLabels.MemberOf && e.FromId == "B" && e.ValidTo is not null);
        Assert.Equal((firstRun, _clock.GetUtcNow()), (closed.ValidFrom, closed.ValidTo!.Value));
        Assert.Equal("Alpha", _vertices[GraphIds.Community("A")].Name); // renamed: B left

        // The first cluster dissolves: A is mentioned no more.
        _clock.Advance(TimeSpan.FromDays(1));
        foreach (var id in new[] { "m:i1:A", "m:i2:A" })
        {
            _edges[id] = _edges[id] with { ValidTo = _clock.GetUtcNow() };
        }

        _clock.Advance(TimeSpan.FromHours(1));
        await refresher.RefreshAsync(User, default);
        Assert.Equal(_clock.GetUtcNow(), _vertices[GraphIds.Community("A")].ValidTo);
        Assert.False(MemberOf().ContainsKey("A"));
    }

    private CommunityMembershipRefresher Refresher() =>
        new(_store.Object, Options.Create(new GraphAnalyticsOptions { CommunityNameEntities = 2 }), _clock, NullLogger<CommunityMembershipRefresher>.Instance);

    /// <summary>i1, i2 mention A and B; i3, i4, i5 mention C (the most central), i3 and i4 also D. Two components.</summary>
    private void TwoClusters()
    {
        foreach (var item in new[] { "i1", "i2", "i3", "i4", "i5" })
        {
            _vertices[item] = new() { Id = item, UserId = User, Kind = GraphVertexKinds.Item, Name = item, ValidFrom = T0, RecordedAt = T0, UpdatedAt = T0 };
        }

        foreach (var (id, name) in new[] { ("A", "Alpha"), ("B", "Beta"), ("C", "Gamma"), ("D", "Delta") })
        {
            _vertices[id] = new() { Id = id, UserId = User, Kind = GraphVertexKinds.Entity, Name = name, ValidFrom = T0, RecordedAt = T0, UpdatedAt = T0 };
        }

        foreach (var (item, entity) in new[] { ("i1", "A"), ("i1", "B"), ("i2", "A"), ("i2", "B"), ("i3", "C"), ("i4", "C"), ("i5", "C"), ("i3", "D"), ("i4", "D") })
        {
            Mention(item, entity, T0);
        }
    }

    private void Mention(string item, string entity, DateTimeOffset at) =>
        _edges[$"m:{item}:{entity}"] = new()
        {
            Id = $"m:{item}:{entity}", UserId = User, Label = GraphEdgeLabels.Mentions, FromId = item, ToId = entity, Count = 1,
            Evidence = [item], ValidFrom = at, RecordedAt = at, UpdatedAt = at,
        };

    private List<GraphVertex> Current(string kind) => _vertices.Values.Where(v => v.Kind == kind && v.ValidTo is null).ToList();

    private Dictionary<string, GraphEdge> MemberOf() =>
        _edges.Values.Where(e => e.Label == GraphEdgeLabels.MemberOf && e.IsCurrent).ToDictionary(e => e.FromId);
}
