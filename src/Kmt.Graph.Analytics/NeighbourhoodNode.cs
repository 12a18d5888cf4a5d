namespace Kmt.Graph.Analytics;

/// <summary>A node of a k-hop neighbourhood and its hop distance from the centre.</summary>
public readonly record struct NeighbourhoodNode(int Node, int Hops);
