namespace Kmt.Core.Graph;

/// <summary>
/// One person's temporal knowledge graph (partition: the user id; nothing reads across users). The
/// port is primitive on purpose: which edges an item should have, how an edge is closed, how
/// entities resolve and merge are Core rules (GraphBuilder, EntityResolver); a store only reads and
/// writes records. Every call maps to a handful of bounded Gremlin traversals (no lambdas, no
/// match(), at most <see cref="GraphSnapshotQuery.MaxDepth"/> repeat hops) on Cosmos DB for Apache
/// Gremlin, and to a few SQL statements on SQLite.
/// </summary>
public interface IGraphStore
{
    /// <summary>The vertex, or null when missing (or another user's).</summary>
    Task<GraphVertex?> GetVertexAsync(string userId, string vertexId, CancellationToken cancellationToken);

    /// <summary>The vertices with these ids that exist (in no set order); the batched applier's one read of its items' vertices.</summary>
    Task<IReadOnlyList<GraphVertex>> GetVerticesAsync(string userId, IReadOnlyCollection<string> vertexIds, CancellationToken cancellationToken);

    /// <summary>
    /// Entity vertices whose <see cref="GraphVertex.NormalizedName"/> or one of whose
    /// <see cref="GraphVertex.Aliases"/> equals one of <paramref name="keys"/> (merged ones included).
    /// </summary>
    Task<IReadOnlyList<GraphVertex>> FindEntitiesAsync(string userId, IReadOnlyCollection<string> keys, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="limit"/> of the user's entity vertices that are not merged into another (in no
    /// set order): the candidates entity resolution compares a new name with.
    /// </summary>
    Task<IReadOnlyList<GraphVertex>> ListEntitiesAsync(string userId, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// The current records (<see cref="GraphEdge.IsCurrent"/>) touching the vertex in either
    /// direction, optionally of one label.
    /// </summary>
    Task<IReadOnlyList<GraphEdge>> GetCurrentEdgesAsync(string userId, string vertexId, string? label, CancellationToken cancellationToken);

    /// <summary>
    /// The current records touching any of the vertices in either direction, each record once, optionally
    /// of one label: <see cref="GetCurrentEdgesAsync"/> for a batch of vertices in one read.
    /// </summary>
    Task<IReadOnlyList<GraphEdge>> GetCurrentEdgesForAsync(string userId, IReadOnlyCollection<string> vertexIds, string? label, CancellationToken cancellationToken);

    /// <summary>One edge record by id, current or not; null when missing.</summary>
    Task<GraphEdge?> GetEdgeAsync(string userId, string edgeId, CancellationToken cancellationToken);

    /// <summary>Applies the batch idempotently (see <see cref="GraphWriteBatch"/> for order and rules).</summary>
    Task ApplyAsync(GraphWriteBatch batch, CancellationToken cancellationToken);

    /// <summary>Removes one edge record entirely (the person deleting a relationship); false when missing.</summary>
    Task<bool> DeleteEdgeAsync(string userId, string edgeId, CancellationToken cancellationToken);

    /// <summary>Removes the vertex and every edge record touching it, with all their history (permanent delete); false when missing.</summary>
    Task<bool> DeleteVertexAsync(string userId, string vertexId, CancellationToken cancellationToken);

    /// <summary>The part of the graph <paramref name="query"/> asks for.</summary>
    Task<GraphSnapshot> QueryAsync(GraphSnapshotQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// An opaque token that changes with every write to the user's graph (batches, edge and vertex
    /// deletes), so derived results (PageRank, communities) can be cached per version; null when the
    /// store keeps none (then callers recompute every time).
    /// </summary>
    Task<string?> GetVersionAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Removes every vertex and edge of the user (account erasure).</summary>
    Task EraseUserAsync(string userId, CancellationToken cancellationToken);
}
