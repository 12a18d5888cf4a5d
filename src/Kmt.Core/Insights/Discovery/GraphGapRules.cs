using Kmt.Core.Graph;

namespace Kmt.Core.Insights.Discovery;

/// <summary>
/// Knowledge gaps named by the person's knowledge graph (docs/design/insights.md, "Insight pipeline"):
/// an entity (or a community of entities) the person searches for or reads around while few items of
/// theirs mention it. Its weekly demand is the searches that resolve to it, the reads of the items
/// that mention it, and, at <see cref="DiscoveryOptions.GapNeighbourWeight"/> scaled by the relates_to
/// weight, the reads of items that mention its neighbours; the forecast, urgency, need date and
/// confidence are <see cref="GapRules"/>' own. Each gap names the searches, read items and neighbour
/// entities that make it one.
/// </summary>
public static class GraphGapRules
{
    /// <summary>Keys this short match a search only as the whole query ("go", "r"), never inside one.</summary>
    private const int MinContainedKey = 3;

    private const int MaxNamed = GapRules.MaxNamed;

    /// <summary>Whether the search resolves to an entity with one of <paramref name="keys"/>: the whole query, or a key as whole words of it.</summary>
    public static bool Resolves(string query, IReadOnlyList<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var key = EntityNames.Key(query ?? "");
        if (key.Length == 0)
        {
            return false;
        }

        var padded = " " + key + " ";
        return keys.Any(k => k == key || (k.Length >= MinContainedKey && padded.Contains(" " + k + " ", StringComparison.Ordinal)));
    }

    public static IReadOnlyList<GapPayload> Find(DiscoveryInput input, GapGraph graph, DiscoveryOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(options);
        var items = input.Items.ToDictionary(i => i.Id, StringComparer.Ordinal);
        var gaps = new List<GapPayload>();
        foreach (var entity in graph.Entities.Values.OrderBy(e => e.Id, StringComparer.Ordinal))
        {
            if (entity.ItemIds.Count > options.ThinHoldings)
            {
                continue;
            }

            var top = entity.Neighbours.Count == 0 ? 1 : entity.Neighbours.Values.Max();
            var around = entity.Neighbours
                .Where(n => graph.Entities.ContainsKey(n.Key))
                .Select(n => (Entity: graph.Entities[n.Key], Weight: options.GapNeighbourWeight * (top > 0 ? n.Value / top : 1)))
                .ToList();
            var gap = Forecast(input, items, "entity:" + entity.Id, entity.Name, entity.Keys, entity.ItemIds, around, options);
            if (gap is not null)
            {
                gaps.Add(gap);
            }
        }

        foreach (var community in graph.Communities.Values.OrderBy(c => c.Id, StringComparer.Ordinal))
        {
            var members = community.EntityIds.Where(graph.Entities.ContainsKey).Select(id => graph.Entities[id]).ToList();
            var held = members.SelectMany(m => m.ItemIds).Distinct(StringComparer.Ordinal).ToList();
            if (held.Count > options.ThinHoldings || members.Count == 0)
            {
                continue;
            }

            var gap = Forecast(input, items, "community:" + community.Id, community.Name, [.. members.SelectMany(m => m.Keys).Distinct(StringComparer.Ordinal)], held, [], options);
            if (gap is not null)
            {
                gaps.Add(gap);
            }
        }

        return gaps;
    }

    private static GapPayload? Forecast(
        DiscoveryInput input,
        Dictionary<string, DiscoveryItem> items,
        string topic,
        string name,
        IReadOnlyList<string> keys,
        IReadOnlyList<string> held,
        IReadOnlyList<(GapGraphEntity Entity, double Weight)> around,
        DiscoveryOptions options)
    {
        var series = new double[Math.Max(1, options.GapWeeks)];
        bool Count(DateTimeOffset at, double weight)
        {
            var age = (int)Math.Floor((input.AsOf - at).TotalDays / 7);
            if (at > input.AsOf || age >= series.Length || weight <= 0)
            {
                return false;
            }

            series[series.Length - 1 - age] += weight;
            return true;
        }

        var searches = input.Searches.Where(s => Resolves(s.Query, keys) && Count(s.At, 1)).OrderByDescending(s => s.At).Select(s => s.Query.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var heldSet = held.ToHashSet(StringComparer.Ordinal);
        var readHeld = held.Where(items.ContainsKey).Select(id => items[id]).Where(i => i.Accesses.Count(a => Count(a, 1)) > 0).ToList();

        // Items that mention a neighbour but not the entity: the reading "around" it. Each counts once, at its strongest neighbour's weight.
        var aroundItems = new Dictionary<string, (double Weight, GapGraphEntity Via)>(StringComparer.Ordinal);
        foreach (var (entity, weight) in around)
        {
            foreach (var id in entity.ItemIds.Where(id => !heldSet.Contains(id) && items.ContainsKey(id)))
            {
                if (!aroundItems.TryGetValue(id, out var seen) || seen.Weight < weight)
                {
                    aroundItems[id] = (weight, entity);
                }
            }
        }

        var readAround = aroundItems
            .Select(p => (Item: items[p.Key], p.Value.Weight, p.Value.Via, Reads: items[p.Key].Accesses.Count(a => Count(a, p.Value.Weight))))
            .Where(r => r.Reads > 0)
            .OrderByDescending(r => r.Reads * r.Weight).ThenBy(r => r.Item.Id, StringComparer.Ordinal)
            .ToList();
        if (searches.Count == 0 && readAround.Count == 0)
        {
            return null; // only reads of its own few items: the tag and term topics already cover that demand
        }

        var reasoning = new List<string>();
        if (searches.Count > 0)
        {
            reasoning.Add($"you searched for it ({Quoted(searches)})");
        }

        if (readAround.Count > 0)
        {
            var via = readAround.Select(r => r.Via.Name).Distinct(StringComparer.Ordinal).Take(MaxNamed).ToList();
            reasoning.Add($"you read {Quoted(readAround.Select(r => r.Item.Title).ToList())}, which mention {string.Join(", ", via)}, related to it");
        }

        if (readHeld.Count > 0)
        {
            reasoning.Add($"you reopened {Quoted(readHeld.Select(i => i.Title).ToList())}");
        }

        var because = char.ToUpperInvariant(reasoning[0][0]) + string.Join("; ", reasoning)[1..];
        var gap = GapRules.Forecast(input.AsOf, topic, name, series, held.Count, $"{because}.", options);
        return gap is null ? null : gap with
        {
            Searches = [.. searches.Take(MaxNamed)],
            ItemIds = [.. readAround.Select(r => r.Item.Id).Concat(readHeld.Select(i => i.Id)).Distinct(StringComparer.Ordinal).Take(MaxNamed * 2)],
            RelatedEntities = [.. readAround.Select(r => r.Via.Name).Distinct(StringComparer.Ordinal).Take(MaxNamed)],
        };
    }

    private static string Quoted(IReadOnlyList<string> texts) =>
        string.Join(", ", texts.Take(MaxNamed).Select(t => $"“{t}”")) + (texts.Count > MaxNamed ? $" and {texts.Count - MaxNamed} more" : "");
}
