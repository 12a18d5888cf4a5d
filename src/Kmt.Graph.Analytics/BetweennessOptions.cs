namespace Kmt.Graph.Analytics;

/// <summary>Betweenness settings; the defaults match <c>nx.betweenness_centrality(G)</c> (unweighted, normalised).</summary>
public sealed record BetweennessOptions
{
    /// <summary>Edge lengths: hops (BFS, the default) or weights (Dijkstra).</summary>
    public EdgeCost Cost { get; init; } = EdgeCost.Hops;

    /// <summary>Normalise by 1/((n-1)(n-2)) as NetworkX does for undirected graphs; otherwise halve (each pair is counted twice).</summary>
    public bool Normalized { get; init; } = true;

    /// <summary>
    /// Sources to run from. Null means every node (exact). With a sample, scores are scaled by n/k,
    /// as NetworkX does with <c>k=</c>; <see cref="Betweenness.SampleSources"/> draws a reproducible one.
    /// </summary>
    public IReadOnlyList<int>? Sources { get; init; }
}
