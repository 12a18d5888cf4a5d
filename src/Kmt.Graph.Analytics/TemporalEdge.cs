namespace Kmt.Graph.Analytics;

/// <summary>
/// An undirected weighted edge with its valid time: it held from <paramref name="ValidFrom"/>
/// (inclusive) to <paramref name="ValidTo"/> (exclusive; null = still holds). The caller chooses the
/// system time (<c>known_at</c>) by which edges it passes in.
/// </summary>
public sealed record TemporalEdge(string Source, string Target, double Weight, DateTimeOffset ValidFrom, DateTimeOffset? ValidTo = null);
