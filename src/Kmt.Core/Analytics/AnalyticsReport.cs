namespace Kmt.Core.Analytics;

/// <summary>Everything the analytics routes show for one period; each route returns the part it is about.</summary>
public sealed record AnalyticsReport
{
    public required AnalyticsPeriod Period { get; init; }

    public required IReadOnlyList<AnalyticsPoint> Series { get; init; }

    public required AnalyticsPoint Totals { get; init; }

    public required IReadOnlyDictionary<string, int> ContentTypes { get; init; }

    public required IReadOnlyDictionary<string, int> Sources { get; init; }

    public required Streaks Streaks { get; init; }

    public required IReadOnlyList<TagTrend> GrowingTags { get; init; }

    public required IReadOnlyList<TagTrend> FadingTags { get; init; }
}
