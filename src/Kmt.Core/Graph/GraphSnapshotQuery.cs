namespace Kmt.Core.Graph;

/// <summary>
/// What part of a person's graph to read: the records visible at valid time <see cref="AsOf"/> as
/// known at system time <see cref="KnownAt"/> (<see cref="GraphEdge.IsVisible"/>), either around
/// <see cref="CenterId"/> up to <see cref="Depth"/> hops or the whole graph, at most <see cref="Limit"/> vertices.
/// </summary>
public sealed record GraphSnapshotQuery
{
    /// <summary>The deepest neighbourhood a store must serve: Cosmos DB's Gremlin repeat() limit.</summary>
    public const int MaxDepth = 32;

    public required string UserId { get; init; }

    public required DateTimeOffset AsOf { get; init; }

    public required DateTimeOffset KnownAt { get; init; }

    /// <summary>A vertex id to start from; null for the whole graph.</summary>
    public string? CenterId { get; init; }

    /// <summary>Hops from <see cref="CenterId"/>, 1..<see cref="MaxDepth"/>; ignored without a center.</summary>
    public int Depth { get; init; } = 2;

    /// <summary>At most this many vertices (the center first, then nearer before farther); edges are those among them.</summary>
    public required int Limit { get; init; }

    /// <summary>Only these edge labels; null or empty for all.</summary>
    public IReadOnlyCollection<string>? Labels { get; init; }
}
