namespace Kmt.Core.Insights.Discovery;

/// <summary>
/// An entity of the person's knowledge graph as the gap forecaster sees it: its names (the key and
/// merged aliases searches resolve to), the items of the run's snapshot that mention it, its relates_to
/// neighbours with their co-occurrence weights, and its community.
/// </summary>
/// <param name="Keys">Resolution keys (<see cref="Graph.EntityNames.Key"/>) of its name and aliases.</param>
/// <param name="ItemIds">Items of the snapshot that mention it.</param>
/// <param name="Neighbours">relates_to neighbours: entity id → edge weight.</param>
public sealed record GapGraphEntity(
    string Id,
    string Name,
    IReadOnlyList<string> Keys,
    IReadOnlyList<string> ItemIds,
    IReadOnlyDictionary<string, double> Neighbours,
    string? CommunityId);
