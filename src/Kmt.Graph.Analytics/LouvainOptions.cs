namespace Kmt.Graph.Analytics;

/// <summary>Louvain settings; the defaults match <c>nx.community.louvain_communities</c>.</summary>
public sealed record LouvainOptions
{
    /// <summary>Modularity resolution (gamma); 1 is the classic modularity.</summary>
    public double Resolution { get; init; } = 1.0;

    /// <summary>Seed of the node visiting order: the same seed and graph give the same communities.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>A level must raise modularity by more than this, or the algorithm stops.</summary>
    public double Threshold { get; init; } = 1e-7;

    /// <summary>Upper bound on aggregation levels (a safety net; real graphs stop far earlier).</summary>
    public int MaxLevels { get; init; } = 64;
}
