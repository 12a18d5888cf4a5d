using Kmt.Core.Graph;

namespace Kmt.Graph.Analytics.Knowledge;

/// <summary>GET graph/entities/{id}: one entity, the items that mention it, related entities and its timeline.</summary>
/// <param name="Id">The entity vertex id.</param>
/// <param name="Name">The entity's preferred surface form.</param>
/// <param name="Category">person, organization, location or concept.</param>
/// <param name="Aliases">Other normalised names that resolve to it.</param>
/// <param name="FirstSeen">Start of the entity's valid time (its first mention).</param>
/// <param name="Items">The items that currently mention it, most mentions first.</param>
/// <param name="Related">Entities it co-occurs with (relates_to), strongest first.</param>
/// <param name="Trend">Whether new mentions per month are growing, fading or stable over the timeline.</param>
/// <param name="Timeline">New mentions per month, from its first mention (at most the configured months) to now.</param>
/// <param name="Truncated">True when the neighbourhood had more vertices than the snapshot cap.</param>
/// <param name="MergedFrom">The merges folded into it, oldest first: the name, the rule (key or embedding), its score and evidence, when.</param>
public sealed record EntityDetail(
    string Id,
    string Name,
    string? Category,
    IReadOnlyList<string> Aliases,
    DateTimeOffset FirstSeen,
    IReadOnlyList<EntityItem> Items,
    IReadOnlyList<RelatedEntity> Related,
    TrendDirection Trend,
    IReadOnlyList<MonthActivity> Timeline,
    bool Truncated,
    IReadOnlyList<EntityMerge> MergedFrom);
