namespace Kmt.Graph.Analytics;

/// <summary>What <see cref="WeightedGraphBuilder"/> does when the same undirected pair is added twice.</summary>
public enum DuplicateEdgePolicy
{
    /// <summary>Weights add up: repeated co-occurrence is more evidence (the knowledge graph's default).</summary>
    Sum,

    /// <summary>The last weight wins, as NetworkX's <c>Graph.add_edge</c> does (used by the benchmark for parity).</summary>
    Last,
}
