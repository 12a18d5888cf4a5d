using Kmt.Core.Analytics;

namespace Kmt.Functions.Apis.Model;

/// <summary>The period an analytics answer covers, as the server understood the query.</summary>
public sealed record AnalyticsPeriodResponse(DateOnly From, DateOnly To, string Granularity, string TimeZone)
{
    public static AnalyticsPeriodResponse Of(AnalyticsPeriod period) =>
        new(period.From, period.To, period.Granularity.ToString().ToLowerInvariant(), period.Zone.Id);
}

/// <summary>GET analytics/dashboard: the period at a glance.</summary>
public sealed record AnalyticsDashboardResponse(
    AnalyticsPeriodResponse Period,
    AnalyticsPoint Totals,
    Streaks Streaks,
    IReadOnlyDictionary<string, int> ContentTypes,
    IReadOnlyDictionary<string, int> Sources,
    IReadOnlyList<TagTrend> GrowingTags,
    IReadOnlyList<TagTrend> FadingTags,
    IReadOnlyList<AnalyticsPoint> Series)
{
    public static AnalyticsDashboardResponse From(AnalyticsReport r) =>
        new(AnalyticsPeriodResponse.Of(r.Period), r.Totals, r.Streaks, r.ContentTypes, r.Sources, r.GrowingTags, r.FadingTags, r.Series);
}

/// <summary>GET analytics/consumption: what was captured and read, how long and how fast.</summary>
public sealed record AnalyticsConsumptionResponse(
    AnalyticsPeriodResponse Period,
    AnalyticsPoint Totals,
    IReadOnlyDictionary<string, int> ContentTypes,
    IReadOnlyDictionary<string, int> Sources,
    IReadOnlyList<AnalyticsPoint> Series)
{
    public static AnalyticsConsumptionResponse From(AnalyticsReport r) =>
        new(AnalyticsPeriodResponse.Of(r.Period), r.Totals, r.ContentTypes, r.Sources, r.Series);
}

/// <summary>GET analytics/learning: completion, speed, retention and streaks.</summary>
public sealed record AnalyticsLearningResponse(
    AnalyticsPeriodResponse Period,
    int ItemsCompleted,
    double? AverageCompletion,
    int? ReadingSpeedWpm,
    double? Retention,
    Streaks Streaks,
    IReadOnlyList<AnalyticsPoint> Series)
{
    public static AnalyticsLearningResponse From(AnalyticsReport r) => new(
        AnalyticsPeriodResponse.Of(r.Period), r.Totals.ItemsCompleted, r.Totals.AverageCompletion, r.Totals.ReadingSpeedWpm, r.Totals.Retention, r.Streaks, r.Series);
}

/// <summary>One bucket's tags (trends).</summary>
public sealed record TagBucketResponse(DateOnly Bucket, IReadOnlyList<TagCount> Tags);

/// <summary>GET analytics/trends: tags over time, and which grew or faded between the halves of the period.</summary>
public sealed record AnalyticsTrendsResponse(
    AnalyticsPeriodResponse Period,
    IReadOnlyList<TagBucketResponse> Series,
    IReadOnlyList<TagTrend> GrowingTags,
    IReadOnlyList<TagTrend> FadingTags)
{
    public static AnalyticsTrendsResponse From(AnalyticsReport r) => new(
        AnalyticsPeriodResponse.Of(r.Period), r.Series.Select(p => new TagBucketResponse(p.Bucket, p.Tags)).ToArray(), r.GrowingTags, r.FadingTags);
}
