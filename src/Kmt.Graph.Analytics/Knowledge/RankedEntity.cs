namespace Kmt.Graph.Analytics.Knowledge;

/// <summary>An entity with its centrality, how many items mention it, and its month-by-month activity.</summary>
/// <param name="Id">The entity vertex id.</param>
/// <param name="Name">The entity's preferred surface form.</param>
/// <param name="Category">person, organization, location or concept.</param>
/// <param name="Rank">1 for the most central entity.</param>
/// <param name="PageRank">The entity's PageRank over the caller's graph (all vertices' scores sum to 1).</param>
/// <param name="ItemCount">Items that currently mention it.</param>
/// <param name="Trend">Whether new mentions per month are growing, fading or stable.</param>
/// <param name="Months">New mentions per month over the trend window.</param>
public sealed record RankedEntity(
    string Id,
    string Name,
    string? Category,
    int Rank,
    double PageRank,
    int ItemCount,
    TrendDirection Trend,
    IReadOnlyList<MonthActivity> Months);
