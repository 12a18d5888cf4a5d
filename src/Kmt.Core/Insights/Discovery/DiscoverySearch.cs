namespace Kmt.Core.Insights.Discovery;

/// <summary>A search of the person: its query, when, and (for recent ones) its embedding.</summary>
public sealed record DiscoverySearch(string Query, DateTimeOffset At, float[]? Vector);
