namespace Kmt.Core.Graph;

/// <summary>
/// One idempotent write to one person's graph. A store applies, in this order: vertex upserts
/// (create or replace every property), edge expirations (only records not yet expired), edge inserts
/// (skipped when a record with the id exists) and edge updates (mutable properties of an existing
/// record; skipped when it is missing). Applying the same batch twice leaves the graph as once.
/// A store need not apply a batch atomically: every part is idempotent, so a retry completes it.
/// Edge endpoints must exist: upsert them earlier in the same batch or before.
/// </summary>
public sealed record GraphWriteBatch
{
    public required string UserId { get; init; }

    public IReadOnlyList<GraphVertex> VertexUpserts { get; init; } = [];

    public IReadOnlyList<EdgeExpiration> EdgeExpirations { get; init; } = [];

    public IReadOnlyList<GraphEdge> EdgeInserts { get; init; } = [];

    /// <summary>
    /// Replace <see cref="GraphEdge.Weight"/>, <see cref="GraphEdge.Count"/>, <see cref="GraphEdge.RelationshipType"/>,
    /// <see cref="GraphEdge.Strength"/>, <see cref="GraphEdge.MetadataJson"/>, <see cref="GraphEdge.Evidence"/> and
    /// <see cref="GraphEdge.UpdatedAt"/> of the record with the same id; times and endpoints never change.
    /// </summary>
    public IReadOnlyList<GraphEdge> EdgeUpdates { get; init; } = [];

    public bool IsEmpty => VertexUpserts.Count == 0 && EdgeExpirations.Count == 0 && EdgeInserts.Count == 0 && EdgeUpdates.Count == 0;
}
