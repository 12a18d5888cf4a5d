namespace Kmt.Graph.Analytics;

/// <summary>PageRank settings; the defaults are NetworkX's <c>nx.pagerank</c> defaults.</summary>
public sealed record PageRankOptions
{
    /// <summary>Damping factor (alpha).</summary>
    public double Damping { get; init; } = 0.85;

    /// <summary>Convergence tolerance per node: iteration stops when the L1 change is below <c>N * Tolerance</c>.</summary>
    public double Tolerance { get; init; } = 1e-6;

    /// <summary>Iteration limit; not converging by then is an error, as in NetworkX.</summary>
    public int MaxIterations { get; init; } = 100;

    /// <summary>Graphs with at least this many nodes iterate on all cores; smaller ones on one thread.</summary>
    public int ParallelThreshold { get; init; } = 20_000;
}
