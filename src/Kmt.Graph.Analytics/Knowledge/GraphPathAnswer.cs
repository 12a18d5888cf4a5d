namespace Kmt.Graph.Analytics.Knowledge;

/// <summary>GET graph/path: the fewest-hop path between two of the caller's vertices, or none.</summary>
/// <param name="From">The start vertex id.</param>
/// <param name="To">The end vertex id.</param>
/// <param name="Path">The path, or null when the two are not connected in the analysed graph.</param>
/// <param name="Truncated">True when the graph had more vertices than the snapshot cap (a missing path may then exist).</param>
public sealed record GraphPathAnswer(string From, string To, GraphPathView? Path, bool Truncated);
