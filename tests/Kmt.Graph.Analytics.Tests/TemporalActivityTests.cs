using Kmt.Graph.Analytics;

namespace Kmt.Graph.Analytics.Tests;

public sealed class TemporalActivityTests
{
    private static readonly DateTimeOffset Jan = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Feb = Jan.AddMonths(1);
    private static readonly DateTimeOffset Mar = Jan.AddMonths(2);
    private static readonly DateTimeOffset Apr = Jan.AddMonths(3);

    [Fact]
    public void Month_starts_cover_the_range()
    {
        var months = TemporalActivity.MonthStarts(new DateTimeOffset(2026, 1, 15, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal([Jan, Feb, Mar, Apr], months);
    }

    [Fact]
    public void Weights_are_prorated_by_the_share_of_the_month_an_edge_held()
    {
        var midFeb = Feb.AddTicks((Mar - Feb).Ticks / 2);
        var report = TemporalActivity.Compute(
            [new TemporalEdge("k8s", "docker", 2, Jan, midFeb), new TemporalEdge("k8s", "helm", 1, midFeb)],
            [Jan, Feb, Mar, Apr]);
        var k8s = report.Nodes.Single(n => n.Id == "k8s");
        Assert.Equal([2.0, 1.5, 1.0], k8s.Weight);
        Assert.Equal([1, 2, 1], k8s.Degree);
        var docker = report.Nodes.Single(n => n.Id == "docker");
        Assert.Equal([2.0, 1.0, 0.0], docker.Weight);
        Assert.Equal(TrendDirection.Fading, docker.Trend.Direction);
        Assert.Equal(-1.0, docker.Trend.Slope, 12);
        var helm = report.Nodes.Single(n => n.Id == "helm");
        Assert.Equal([0.0, 0.5, 1.0], helm.Weight);
        Assert.Equal(TrendDirection.Growing, helm.Trend.Direction);
        Assert.Equal(TrendDirection.Fading, k8s.Trend.Direction);
    }

    [Fact]
    public void Communities_add_their_members_edges_once_and_count_active_members()
    {
        var communityOf = new Dictionary<string, string> { ["a"] = "c1", ["b"] = "c1", ["x"] = "c2" };
        var report = TemporalActivity.Compute(
            [new TemporalEdge("a", "b", 3, Jan), new TemporalEdge("b", "x", 1, Feb), new TemporalEdge("x", "y", 1, Feb, Mar)],
            [Jan, Feb, Mar, Apr],
            communityOf);
        var c1 = report.Communities.Single(c => c.Id == "c1");
        Assert.Equal([3.0, 4.0, 4.0], c1.Weight);
        Assert.Equal([2, 2, 2], c1.Degree);
        var c2 = report.Communities.Single(c => c.Id == "c2");
        Assert.Equal([0.0, 2.0, 1.0], c2.Weight);
        Assert.Equal([0, 1, 1], c2.Degree);
        Assert.Equal(2, report.Communities.Count);
    }

    [Fact]
    public void A_flat_series_is_stable()
    {
        var trend = Trend.Of([5.0, 5.1, 4.9, 5.0], 0.05);
        Assert.Equal(TrendDirection.Stable, trend.Direction);
        Assert.Equal(TrendDirection.Stable, Trend.Of([0.0, 0.0, 0.0], 0.05).Direction);
        Assert.Equal(TrendDirection.Stable, Trend.Of([1.0], 0.05).Direction);
    }

    [Fact]
    public void Edges_outside_every_period_leave_no_activity()
    {
        var report = TemporalActivity.Compute([new TemporalEdge("a", "b", 1, Jan.AddYears(-1), Jan)], [Jan, Feb]);
        Assert.All(report.Nodes, n => Assert.Equal([0.0], n.Weight));
    }

    [Fact]
    public void Bad_input_is_refused()
    {
        Assert.Throws<ArgumentException>(() => TemporalActivity.Compute([], [Jan]));
        Assert.Throws<ArgumentException>(() => TemporalActivity.Compute([], [Feb, Jan]));
        Assert.Throws<ArgumentException>(() => TemporalActivity.Compute([new TemporalEdge("a", "b", 1, Feb, Jan)], [Jan, Mar]));
        Assert.Throws<ArgumentException>(() => TemporalActivity.Compute([new TemporalEdge("a", "b", -1, Jan)], [Jan, Mar]));
        Assert.Throws<ArgumentException>(() => TemporalActivity.MonthStarts(Feb, Jan));
    }
}
