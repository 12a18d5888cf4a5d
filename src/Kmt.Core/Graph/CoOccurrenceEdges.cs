namespace Kmt.Core.Graph;

/// <summary>
/// relates_to edges (entity ↔ entity co-occurrence; docs/design/graph.md, "Knowledge graph") derived
/// from the person's current mentions edges: two entities relate when at least
/// <see cref="GraphOptions.RelatesToMinItems"/> items mention both; the edge's weight and count are
/// the number of such items, its evidence those items (the first <see cref="MaxEvidence"/> by id), and
/// it starts holding when the last of those first items made the pair (so rebuilding yields the same
/// id). The diff follows the builder's bi-temporal rules: a pair that stops qualifying is closed (its
/// record expires and a closed copy valid until now is recorded), a changed weight is an update,
/// nothing is deleted. Pure: no I/O.
/// </summary>
public static class CoOccurrenceEdges
{
    /// <summary>Evidence item ids kept on one relates_to edge.</summary>
    public const int MaxEvidence = 20;

    /// <param name="userId">The graph's owner.</param>
    /// <param name="mentions">The current mentions edges (item → entity); other labels are ignored.</param>
    /// <param name="current">The current relates_to records; other labels are ignored.</param>
    /// <param name="minItems">Items that must mention both entities.</param>
    /// <param name="maxEntitiesPerItem">Entities of one item paired at most (the most mentioned first), bounding the pairs an item adds.</param>
    /// <param name="now">System time of this write (also the valid end of closed pairs).</param>
    public static GraphWriteBatch Build(string userId, IEnumerable<GraphEdge> mentions, IEnumerable<GraphEdge> current, int minItems, int maxEntitiesPerItem, DateTimeOffset now)
    {
        var pairs = new Dictionary<(string A, string B), List<(string Item, DateTimeOffset Since)>>();
        foreach (var item in mentions.Where(e => e.Label == GraphEdgeLabels.Mentions && e.IsCurrent).GroupBy(e => e.FromId, StringComparer.Ordinal))
        {
            var entities = item.GroupBy(e => e.ToId, StringComparer.Ordinal)
                .Select(g => (Id: g.Key, Count: g.Sum(e => e.Count ?? 1), Since: g.Min(e => e.ValidFrom)))
                .OrderByDescending(e => e.Count).ThenBy(e => e.Id, StringComparer.Ordinal)
                .Take(Math.Max(2, maxEntitiesPerItem))
                .OrderBy(e => e.Id, StringComparer.Ordinal)
                .ToList();
            for (var i = 0; i < entities.Count; i++)
            {
                for (var j = i + 1; j < entities.Count; j++)
                {
                    var key = (entities[i].Id, entities[j].Id);
                    if (!pairs.TryGetValue(key, out var list))
                    {
                        pairs[key] = list = [];
                    }

                    list.Add((item.Key, entities[i].Since > entities[j].Since ? entities[i].Since : entities[j].Since));
                }
            }
        }

        var wanted = pairs.Where(p => p.Value.Count >= Math.Max(1, minItems)).ToDictionary(p => p.Key, p => p.Value);
        var expirations = new List<EdgeExpiration>();
        var inserts = new List<GraphEdge>();
        var updates = new List<GraphEdge>();
        var kept = new HashSet<(string, string)>();
        foreach (var edge in current.Where(e => e.Label == GraphEdgeLabels.RelatesTo && e.IsCurrent)
                     .OrderBy(e => e.ValidFrom).ThenBy(e => e.Id, StringComparer.Ordinal))
        {
            var key = string.CompareOrdinal(edge.FromId, edge.ToId) <= 0 ? (edge.FromId, edge.ToId) : (edge.ToId, edge.FromId);
            if (wanted.TryGetValue(key, out var items) && kept.Add(key))
            {
                var evidence = Evidence(items);
                if (edge.Count != items.Count || !edge.Evidence.SequenceEqual(evidence, StringComparer.Ordinal))
                {
                    updates.Add(edge with { Count = items.Count, Weight = items.Count, Evidence = evidence, UpdatedAt = now });
                }

                continue;
            }

            var validTo = now < edge.ValidFrom ? edge.ValidFrom : now;
            expirations.Add(new EdgeExpiration(edge.Id, now));
            inserts.Add(edge with { Id = GraphIds.ClosedCopy(edge.Id, validTo), ValidTo = validTo, RecordedAt = now, ExpiredAt = null, UpdatedAt = now });
        }

        foreach (var ((a, b), items) in wanted.Where(w => !kept.Contains(w.Key)).OrderBy(w => w.Key.A, StringComparer.Ordinal).ThenBy(w => w.Key.B, StringComparer.Ordinal))
        {
            var since = items.Select(i => i.Since).Order().ElementAt(Math.Max(1, minItems) - 1);
            inserts.Add(new GraphEdge
            {
                Id = GraphIds.Edge(GraphEdgeLabels.RelatesTo, a, b, since),
                UserId = userId,
                Label = GraphEdgeLabels.RelatesTo,
                FromId = a,
                ToId = b,
                Count = items.Count,
                Weight = items.Count,
                Evidence = Evidence(items),
                ValidFrom = since,
                RecordedAt = now,
                UpdatedAt = now,
            });
        }

        return new GraphWriteBatch { UserId = userId, VertexUpserts = [], EdgeExpirations = expirations, EdgeInserts = inserts, EdgeUpdates = updates };
    }

    private static List<string> Evidence(List<(string Item, DateTimeOffset Since)> items) =>
        items.Select(i => i.Item).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(MaxEvidence).ToList();
}
