namespace Kmt.Graph.Analytics.Knowledge;

/// <summary>GET graph/communities: the caller's communities (Louvain) with the partition's modularity.</summary>
/// <param name="Modularity">Modularity of the whole partition on the analysed graph.</param>
/// <param name="Truncated">True when the graph had more vertices than the snapshot cap.</param>
/// <param name="Communities">Communities with at least one entity, most central first.</param>
public sealed record CommunityList(double Modularity, bool Truncated, IReadOnlyList<CommunitySummary> Communities);
