namespace Kmt.Core.Graph;

/// <summary>
/// One recorded fact between two vertices, bi-temporal like Graphiti's edges (docs/design/graph.md,
/// "Knowledge graph"): <see cref="ValidFrom"/>/<see cref="ValidTo"/> say when it held in the person's
/// knowledge, <see cref="RecordedAt"/>/<see cref="ExpiredAt"/> when KMT believed this record. A
/// record is never rewritten to change its time: closing an edge expires the open record and records
/// a closed copy, so a query "as known at" an earlier moment still sees what KMT believed then.
/// </summary>
public sealed record GraphEdge
{
    /// <summary>Deterministic for derived edges (<see cref="GraphIds"/>), so re-applying a change inserts nothing new.</summary>
    public required string Id { get; init; }

    public required string UserId { get; init; }

    /// <summary>One of <see cref="GraphEdgeLabels"/>.</summary>
    public required string Label { get; init; }

    public required string FromId { get; init; }

    public required string ToId { get; init; }

    /// <summary>The weight analytics use (1 unless the label defines one: co-occurrences, similarity, strength).</summary>
    public double Weight { get; init; } = 1;

    /// <summary>mentions: occurrences of the entity in the item.</summary>
    public int? Count { get; init; }

    /// <summary>links_to: the person's relationship type ("supports", "cites", ...).</summary>
    public string? RelationshipType { get; init; }

    /// <summary>links_to: 0..1.</summary>
    public double? Strength { get; init; }

    /// <summary>links_to: the person's metadata object as raw JSON text ("{}" when none).</summary>
    public string MetadataJson { get; init; } = "{}";

    /// <summary>The items whose content is the evidence for this fact.</summary>
    public IReadOnlyList<string> Evidence { get; init; } = [];

    public required DateTimeOffset ValidFrom { get; init; }

    /// <summary>When the fact stopped holding (the edit that removed a mention); null while it holds.</summary>
    public DateTimeOffset? ValidTo { get; init; }

    public required DateTimeOffset RecordedAt { get; init; }

    /// <summary>When this record was superseded (by a closed copy, a merge); null while current.</summary>
    public DateTimeOffset? ExpiredAt { get; init; }

    /// <summary>When the mutable properties (weight, count, type, strength, metadata, evidence) were last written.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>True for the record of a fact that holds now and is KMT's current belief.</summary>
    public bool IsCurrent => ValidTo is null && ExpiredAt is null;

    /// <summary>Whether the record shows in a snapshot at valid time <paramref name="asOf"/> as known at <paramref name="knownAt"/>.</summary>
    public bool IsVisible(DateTimeOffset asOf, DateTimeOffset knownAt) =>
        RecordedAt <= knownAt && (ExpiredAt is null || ExpiredAt > knownAt)
        && ValidFrom <= asOf && (ValidTo is null || ValidTo > asOf);
}
