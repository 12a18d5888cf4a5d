namespace Kmt.Core.Insights;

/// <summary>
/// What the pipeline knows about one item at a run's <see cref="InsightRun.AsOf"/>: the access
/// history the knowledge store keeps (count and last access) and the item's age and size. The
/// importance step reads only these, never the live item, so a retry scores the same snapshot.
/// </summary>
public sealed record ItemFeatures
{
    public required string ItemId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The last access (the creation time for an item never opened since).</summary>
    public required DateTimeOffset LastAccessedAt { get; init; }

    public required int AccessCount { get; init; }

    public required int WordCount { get; init; }
}
