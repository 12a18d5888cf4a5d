namespace Kmt.Graph.Analytics.Knowledge;

/// <summary>One detected community: named after its most central entities.</summary>
/// <param name="Id">Stable while its most central entity is: derived from that entity's id.</param>
/// <param name="Name">Its top entities' names, most central first.</param>
/// <param name="EntityCount">Entities in the community.</param>
/// <param name="ItemCount">Items in the community.</param>
/// <param name="Members">Its entities, most central first (at most the configured number).</param>
/// <param name="ItemIds">Its items' ids.</param>
/// <param name="Growth">Whether new edges inside or touching it per month are growing, fading or stable.</param>
/// <param name="Months">New edge weight per month over the trend window.</param>
public sealed record CommunitySummary(
    string Id,
    string Name,
    int EntityCount,
    int ItemCount,
    IReadOnlyList<CommunityMember> Members,
    IReadOnlyList<string> ItemIds,
    TrendDirection Growth,
    IReadOnlyList<MonthActivity> Months);
