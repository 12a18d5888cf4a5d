namespace Kmt.Graph.Analytics;

/// <summary>
/// One node's or community's activity per period. <see cref="Weight"/>[p] is the weight of the
/// edges touching it, each prorated by the share of period p it held; <see cref="Degree"/>[p] counts
/// distinct neighbours (for a node) or active members (for a community) in period p.
/// </summary>
public sealed record ActivitySeries(string Id, double[] Weight, int[] Degree, Trend Trend);
