namespace Kmt.Core.Graph;

/// <summary>
/// A vertex of one person's graph (partition: <see cref="UserId"/>). Vertices carry a valid-time
/// interval (an item's lifetime outside the trash, an entity's first mention) and the system time
/// they were recorded, so a snapshot can ask what the graph looked like then.
/// </summary>
public sealed record GraphVertex
{
    /// <summary>The item id for items; a key derived from the normalised name for entities and tags (see <see cref="GraphIds"/>).</summary>
    public required string Id { get; init; }

    public required string UserId { get; init; }

    /// <summary>One of <see cref="GraphVertexKinds"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>What a graph view shows: the item title, the entity's preferred surface form, the tag path.</summary>
    public required string Name { get; init; }

    /// <summary>Entities: the resolution key (<see cref="EntityNames.Normalize"/>); tags: the path; items: null.</summary>
    public string? NormalizedName { get; init; }

    /// <summary>Entities: person, organization, location or concept.</summary>
    public string? Category { get; init; }

    /// <summary>Entities: other normalised names that resolve to this entity (merged surface forms).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>Set on an entity that was merged into another: resolution follows it, and the merge stays on record.</summary>
    public string? MergedIntoId { get; init; }

    public DateTimeOffset? MergedAt { get; init; }

    /// <summary>Entities: the merges folded into this one, oldest first (names by similarity, vertices by key); never silent.</summary>
    public IReadOnlyList<EntityMerge> Merges { get; init; } = [];

    /// <summary>Items: the item ETag the vertex and its edges were built from; a mismatch is drift.</summary>
    public string? SourceETag { get; init; }

    /// <summary>Start of valid time: item creation, an entity's or tag's first use.</summary>
    public required DateTimeOffset ValidFrom { get; init; }

    /// <summary>End of valid time (an item moved to the trash); null while it holds.</summary>
    public DateTimeOffset? ValidTo { get; init; }

    /// <summary>When KMT first recorded the vertex (system time).</summary>
    public required DateTimeOffset RecordedAt { get; init; }

    /// <summary>When the vertex's properties were last written.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Whether the vertex shows in a snapshot at valid time <paramref name="asOf"/> as known at <paramref name="knownAt"/>.</summary>
    public bool IsVisible(DateTimeOffset asOf, DateTimeOffset knownAt) =>
        RecordedAt <= knownAt && ValidFrom <= asOf && (ValidTo is null || ValidTo > asOf);
}
