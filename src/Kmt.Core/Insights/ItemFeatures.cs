namespace Kmt.Core.Insights;

/// <summary>
/// What the pipeline knows about one item at a run's <see cref="InsightRun.AsOf"/>: the access
/// history (count, last access and the time of each access the activity store recorded), the item's
/// age, size and tags. The importance step reads only these, never the live item, so a retry scores
/// the same snapshot; the importance model derives its features from them (docs/design/insights.md,
/// "Insight pipeline").
/// </summary>
public sealed record ItemFeatures
{
    public required string ItemId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The last access (the creation time for an item never opened since).</summary>
    public required DateTimeOffset LastAccessedAt { get; init; }

    public required int AccessCount { get; init; }

    public required int WordCount { get; init; }

    /// <summary>The item's tag paths at the snapshot.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>
    /// When the item was opened (reading sessions' starts and the last access), oldest first, none
    /// after the snapshot's as-of time. May be shorter than <see cref="AccessCount"/>: accesses made
    /// before sessions were recorded have no time.
    /// </summary>
    public IReadOnlyList<DateTimeOffset> AccessTimes { get; init; } = [];

    /// <summary>Value equality, lists by their elements (a snapshot read back from a store equals the one saved).</summary>
    public bool Equals(ItemFeatures? other) =>
        other is not null
        && ItemId == other.ItemId
        && CreatedAt == other.CreatedAt
        && LastAccessedAt == other.LastAccessedAt
        && AccessCount == other.AccessCount
        && WordCount == other.WordCount
        && Tags.SequenceEqual(other.Tags)
        && AccessTimes.SequenceEqual(other.AccessTimes);

    public override int GetHashCode() => HashCode.Combine(ItemId, CreatedAt, LastAccessedAt, AccessCount, WordCount, Tags.Count, AccessTimes.Count);
}
