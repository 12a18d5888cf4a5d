using Kmt.Core.Graph;

namespace Kmt.Core.Insights.Discovery;

/// <summary>
/// The part of a person's knowledge graph the gap forecaster uses as topics (docs/design/insights.md,
/// "Insight pipeline"): entities with the snapshot items that mention them, relates_to neighbours and
/// communities. Built from one bi-temporal snapshot (<see cref="GapGraphReader"/>).
/// </summary>
public sealed record GapGraph(IReadOnlyDictionary<string, GapGraphEntity> Entities, IReadOnlyDictionary<string, GapGraphCommunity> Communities)
{
    public static readonly GapGraph Empty = new(new Dictionary<string, GapGraphEntity>(), new Dictionary<string, GapGraphCommunity>());

    /// <summary>
    /// The entities and communities of <paramref name="snapshot"/>; mentions count only from the items of
    /// <paramref name="itemIds"/> (the run's snapshot), and merged entities are left out (their edges
    /// moved to the survivor).
    /// </summary>
    public static GapGraph From(GraphSnapshot snapshot, IReadOnlySet<string> itemIds)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(itemIds);
        var entities = snapshot.Vertices
            .Where(v => v.Kind == GraphVertexKinds.Entity && v.MergedIntoId is null)
            .ToDictionary(v => v.Id, StringComparer.Ordinal);
        var communities = snapshot.Vertices.Where(v => v.Kind == GraphVertexKinds.Community).ToDictionary(v => v.Id, StringComparer.Ordinal);
        var items = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var neighbours = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        var memberOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var edge in snapshot.Edges)
        {
            switch (edge.Label)
            {
                case GraphEdgeLabels.Mentions when entities.ContainsKey(edge.ToId) && itemIds.Contains(edge.FromId):
                    Add(items, edge.ToId).Add(edge.FromId);
                    break;
                case GraphEdgeLabels.RelatesTo when entities.ContainsKey(edge.FromId) && entities.ContainsKey(edge.ToId) && edge.FromId != edge.ToId:
                    // Stored once per pair: each end is the other's neighbour.
                    Link(neighbours, edge.FromId, edge.ToId, edge.Weight);
                    Link(neighbours, edge.ToId, edge.FromId, edge.Weight);
                    break;
                case GraphEdgeLabels.MemberOf when entities.ContainsKey(edge.FromId) && communities.ContainsKey(edge.ToId):
                    memberOf[edge.FromId] = edge.ToId;
                    break;
            }
        }

        var result = entities.Values.ToDictionary(
            v => v.Id,
            v => new GapGraphEntity(
                v.Id,
                v.Name,
                new[] { v.NormalizedName ?? EntityNames.Key(v.Name) }.Concat(v.Aliases).Where(k => k.Length > 0).Distinct(StringComparer.Ordinal).ToList(),
                items.TryGetValue(v.Id, out var held) ? held.ToList() : [],
                neighbours.TryGetValue(v.Id, out var near) ? near : new Dictionary<string, double>(StringComparer.Ordinal),
                memberOf.GetValueOrDefault(v.Id)),
            StringComparer.Ordinal);
        var groups = communities.Values
            .Select(c => new GapGraphCommunity(c.Id, c.Name, memberOf.Where(m => m.Value == c.Id).Select(m => m.Key).Order(StringComparer.Ordinal).ToList()))
            .Where(c => c.EntityIds.Count > 0)
            .ToDictionary(c => c.Id, StringComparer.Ordinal);
        return new GapGraph(result, groups);
    }

    private static SortedSet<string> Add(Dictionary<string, SortedSet<string>> map, string key) =>
        map.TryGetValue(key, out var set) ? set : map[key] = new SortedSet<string>(StringComparer.Ordinal);

    private static void Link(Dictionary<string, Dictionary<string, double>> map, string from, string to, double weight)
    {
        if (!map.TryGetValue(from, out var near))
        {
            map[from] = near = new Dictionary<string, double>(StringComparer.Ordinal);
        }

        near[to] = Math.Max(near.GetValueOrDefault(to), weight);
    }
}
