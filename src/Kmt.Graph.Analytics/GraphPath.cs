namespace Kmt.Graph.Analytics;

/// <summary>A path as dense node indices from source to target, with its length under the search's <see cref="EdgeCost"/>.</summary>
public sealed record GraphPath(int[] Nodes, double Cost)
{
    /// <summary>Number of edges on the path.</summary>
    public int Hops => Nodes.Length - 1;
}
