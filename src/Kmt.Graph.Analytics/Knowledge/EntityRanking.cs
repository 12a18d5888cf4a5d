namespace Kmt.Graph.Analytics.Knowledge;

/// <summary>GET graph/entities: the caller's entities ranked by centrality.</summary>
/// <param name="Total">Entities in the analysed graph.</param>
/// <param name="Limit">The most entities returned.</param>
/// <param name="Truncated">True when the graph had more vertices than the snapshot cap, so only part of it was analysed.</param>
/// <param name="Entities">The highest ranked entities, best first.</param>
public sealed record EntityRanking(int Total, int Limit, bool Truncated, IReadOnlyList<RankedEntity> Entities);
