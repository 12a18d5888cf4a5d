namespace Kmt.Graph.Analytics.Knowledge;

/// <summary>A path: its vertices in order and the hops between them.</summary>
/// <param name="Hops">Number of hops (edges) on the path; 0 when from = to.</param>
/// <param name="Nodes">The vertices, from first.</param>
/// <param name="Steps">The hops, each with its edges and their evidence.</param>
public sealed record GraphPathView(int Hops, IReadOnlyList<PathNode> Nodes, IReadOnlyList<PathStep> Steps);
