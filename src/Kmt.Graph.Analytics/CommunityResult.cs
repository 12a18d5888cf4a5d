namespace Kmt.Graph.Analytics;

/// <summary>
/// A partition of the graph: <see cref="Membership"/>[node] is the node's community, numbered
/// 0..<see cref="CommunityCount"/>-1 in order of each community's first (lowest-index) node, with
/// the partition's <see cref="Modularity"/> on the input graph.
/// </summary>
public sealed record CommunityResult(int[] Membership, int CommunityCount, double Modularity, int Levels);
