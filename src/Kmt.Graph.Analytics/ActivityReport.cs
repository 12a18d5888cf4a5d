namespace Kmt.Graph.Analytics;

/// <summary>
/// Activity per period for every node and community, each with its trend. Period p runs from
/// <see cref="Boundaries"/>[p] (inclusive) to <see cref="Boundaries"/>[p+1] (exclusive).
/// </summary>
public sealed record ActivityReport(
    IReadOnlyList<DateTimeOffset> Boundaries,
    IReadOnlyList<ActivitySeries> Nodes,
    IReadOnlyList<ActivitySeries> Communities);
