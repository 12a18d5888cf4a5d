using Kmt.Core.Activity;
using Kmt.Core.Graph;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Kmt.Core.Tests.Graph;

/// <summary>co_read from reading sessions: sittings, the shared-sittings threshold, weight and evidence, live items only, and the refresher.</summary>
public sealed class CoReadEdgesTests
{
    private const string User = "u1";
    private static readonly DateTimeOffset T0 = new(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Gap = TimeSpan.FromMinutes(30);

    [Fact]
    public void Sessions_starting_within_the_gap_of_the_latest_end_are_one_sitting()
    {
        var sessions = new[]
        {
            Session("a", 0, 20), Session("b", 45, 50), Session("a", 60, null), Session("c", 85, 90), // one sitting: 0..90
            Session("d", 200, 210), // alone: no pair
            Session("e", 300, 305), Session("f", 335, 340), // 30 minutes after e ended: one sitting
        };

        var sittings = CoReadEdges.Sittings(sessions, Gap).ToList();

        Assert.Equal(2, sittings.Count);
        Assert.Equal(["a", "b", "c"], sittings[0]);
        Assert.Equal(["e", "f"], sittings[1]);
    }

    [Fact]
    public void Items_sharing_enough_sittings_are_co_read_with_the_sittings_as_weight_and_count()
    {
        var sessions = new[]
        {
            Session("a", 0, 10), Session("b", 15, 20), Session("c", 25, 30), // day 0: a b c
            Session("b", 1440, 1450), Session("a", 1455, 1460), // day 1: a b
            Session("c", 2880, 2890), Session("gone", 2895, 2900), Session("gone", 4320, 4330), Session("c", 4335, 4340),
        };

        var wanted = CoReadEdges.Wanted(sessions, Live("a", "b", "c"), Gap, minSessions: 2, maxItemsPerSitting: 20);

        var pair = Assert.Single(wanted);
        Assert.Equal(("a", "b", 2.0, 2), (pair.FromId, pair.ToId, pair.Weight, pair.Count));
        Assert.Equal(["a", "b"], pair.Evidence);
        Assert.Equal(3, CoReadEdges.Wanted(sessions, Live("a", "b", "c"), Gap, minSessions: 1, maxItemsPerSitting: 20).Count);
        Assert.Equal(4, CoReadEdges.Wanted(sessions, Live("a", "b", "c", "gone"), Gap, minSessions: 1, maxItemsPerSitting: 20).Count);
    }

    [Fact]
    public void A_long_sitting_pairs_only_its_first_items()
    {
        var sessions = new[] { Session("a", 0, 5), Session("b", 10, 15), Session("c", 20, 25) };

        var wanted = CoReadEdges.Wanted(sessions, Live("a", "b", "c"), Gap, minSessions: 1, maxItemsPerSitting: 2);

        Assert.Equal([("a", "b")], wanted.Select(w => (w.FromId, w.ToId)));
    }

    [Fact]
    public async Task The_refresher_is_idempotent_and_closes_the_pairs_of_an_item_that_left_the_graph()
    {
        GraphVertex[] vertices = [Item("a"), Item("b"), Item("c")];
        var edges = new List<GraphEdge>();
        var graph = new Mock<IGraphStore>(MockBehavior.Strict);
        var batches = new List<GraphWriteBatch>();
        graph.Setup(s => s.QueryAsync(It.Is<GraphSnapshotQuery>(q => q.Labels!.Single() == GraphEdgeLabels.CoRead), It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => new GraphSnapshot(vertices, edges.Where(e => e.IsCurrent).ToList(), Truncated: false));
        graph.Setup(s => s.ApplyAsync(It.IsAny<GraphWriteBatch>(), It.IsAny<CancellationToken>()))
            .Callback<GraphWriteBatch, CancellationToken>((b, _) =>
            {
                batches.Add(b);
                var expired = b.EdgeExpirations.Select(x => x.EdgeId).ToHashSet();
                edges = [.. edges.Select(e => expired.Contains(e.Id) ? e with { ExpiredAt = Now } : e), .. b.EdgeInserts];
            })
            .Returns(Task.CompletedTask);
        var activities = new Mock<IActivityStore>(MockBehavior.Strict);
        activities.Setup(s => s.ListSessionsAsync(User, null, It.IsAny<CancellationToken>()))
            .ReturnsAsync([Session("a", 0, 5), Session("c", 10, 15), Session("a", 1440, 1445), Session("c", 1450, 1455)]);
        var clock = new FakeTimeProvider(Now);
        var refresher = new CoReadRefresher(graph.Object, activities.Object, Options.Create(new GraphOptions()), clock, NullLogger<CoReadRefresher>.Instance);

        Assert.Equal(1, await refresher.RefreshAsync(User, default));
        Assert.Equal(0, await refresher.RefreshAsync(User, default));

        clock.Advance(TimeSpan.FromDays(1));
        vertices = [Item("a"), Item("b")]; // c went to the trash
        Assert.Equal(2, await refresher.RefreshAsync(User, default));
        Assert.Equal(clock.GetUtcNow(), batches[^1].EdgeInserts.Single().ValidTo);
        Assert.DoesNotContain(edges, e => e.IsCurrent);
    }

    private static IReadOnlySet<string> Live(params string[] ids) => ids.ToHashSet(StringComparer.Ordinal);

    private static ReadingSession Session(string item, int startMinute, int? endMinute) => new()
    {
        Id = $"{item}-{startMinute}", UserId = User, KnowledgeItemId = item, StartTime = T0.AddMinutes(startMinute),
        EndTime = endMinute is { } e ? T0.AddMinutes(e) : null, CreatedAt = T0, UpdatedAt = T0,
    };

    private static GraphVertex Item(string id) => new() { Id = id, UserId = User, Kind = GraphVertexKinds.Item, Name = id, ValidFrom = T0, RecordedAt = T0, UpdatedAt = T0 };
}
