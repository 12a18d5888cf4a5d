namespace Kmt.Graph.Analytics.Knowledge;

/// <summary>An entity of a community.</summary>
/// <param name="Id">The entity vertex id.</param>
/// <param name="Name">Its preferred surface form.</param>
/// <param name="PageRank">Its PageRank over the caller's graph.</param>
public sealed record CommunityMember(string Id, string Name, double PageRank);
