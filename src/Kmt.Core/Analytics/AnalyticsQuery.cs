namespace Kmt.Core.Analytics;

/// <summary>The period as the client wrote it (query string); <see cref="AnalyticsPeriod.Parse"/> checks it.</summary>
public sealed record AnalyticsQuery(string? From, string? To, string? Granularity, string? TimeZone);
