using Kmt.Core.Knowledge;

namespace Kmt.Core.Graph;

/// <summary>
/// The write that makes the graph show an item as it is now: its vertex, and its derived edges
/// (mentions, tagged, and links_to of type "wikilink" from the item's imported [[wikilinks]]) diffed
/// against the current records. An edge no longer wanted is closed: the
/// open record expires and a closed copy (valid until the item's change) is recorded, so a snapshot
/// as of before the change still shows it. New edges start holding at the item's change. Ids are
/// deterministic (<see cref="GraphIds"/>), and an item already shown as it is yields an empty batch:
/// applying the same change twice is a no-op. Pure: no I/O.
/// </summary>
public static class GraphBuilder
{
    /// <summary>The labels the builder owns on an item; the analytics' edges are left alone.</summary>
    public static readonly IReadOnlySet<string> DerivedLabels = new HashSet<string>(StringComparer.Ordinal) { GraphEdgeLabels.Mentions, GraphEdgeLabels.Tagged };

    /// <summary>The relationship type of a links_to edge derived from an imported [[wikilink]] (docs/api.md, "Import").</summary>
    public const string WikilinkType = "wikilink";

    /// <summary>
    /// Whether the builder owns <paramref name="edge"/>: a mentions or tagged edge, or a links_to edge it derived from a
    /// wikilink. A derived links_to has the deterministic id of <see cref="GraphIds.Edge"/>; a relationship the person
    /// declared (RelationshipService) has a random id, so an edit of the note never closes it, whatever its type.
    /// </summary>
    public static bool IsDerived(GraphEdge edge)
    {
        ArgumentNullException.ThrowIfNull(edge);
        return DerivedLabels.Contains(edge.Label)
            || (edge.Label == GraphEdgeLabels.LinksTo && edge.RelationshipType == WikilinkType
                && edge.Id == GraphIds.Edge(edge.Label, edge.FromId, edge.ToId, edge.ValidFrom));
    }

    /// <param name="item">The item as stored now (trashed items have no derived edges).</param>
    /// <param name="existing">The item's vertex, or null.</param>
    /// <param name="currentEdges">The current records touching the item (any label; others are ignored).</param>
    /// <param name="desired">The derived edges the item should have.</param>
    /// <param name="targets">Target vertices to write first (new entities and tags, entities with new aliases).</param>
    /// <param name="now">System time of this write.</param>
    public static GraphWriteBatch Build(KnowledgeItem item, GraphVertex? existing, IReadOnlyList<GraphEdge> currentEdges, IReadOnlyList<DesiredEdge> desired, IReadOnlyList<GraphVertex> targets, DateTimeOffset now)
    {
        var changeAt = item.UpdatedAt;
        var vertices = new List<GraphVertex>();
        if (existing is null || existing.SourceETag != item.ETag || existing.Name != item.Title || existing.ValidTo != item.DeletedAt || existing.ValidFrom != item.CreatedAt)
        {
            vertices.Add(new GraphVertex
            {
                Id = item.Id,
                UserId = item.UserId,
                Kind = GraphVertexKinds.Item,
                Name = item.Title,
                SourceETag = item.ETag,
                ValidFrom = item.CreatedAt,
                ValidTo = item.DeletedAt,
                RecordedAt = existing?.RecordedAt ?? now,
                UpdatedAt = now,
            });
        }

        vertices.AddRange(targets);
        var wanted = (item.DeletedAt is null ? desired : Array.Empty<DesiredEdge>())
            .GroupBy(d => (d.Label, d.ToId))
            .ToDictionary(g => g.Key, g => g.First());
        var expirations = new List<EdgeExpiration>();
        var inserts = new List<GraphEdge>();
        var updates = new List<GraphEdge>();
        var kept = new HashSet<(string, string)>();
        foreach (var edge in currentEdges.Where(e => e.FromId == item.Id && IsDerived(e)).OrderBy(e => e.ValidFrom).ThenBy(e => e.Id, StringComparer.Ordinal))
        {
            var key = (edge.Label, edge.ToId);
            if (wanted.TryGetValue(key, out var want) && kept.Add(key))
            {
                if (edge.Count != want.Count)
                {
                    updates.Add(edge with { Count = want.Count, Weight = want.Count ?? 1, UpdatedAt = now });
                }

                continue;
            }

            // Not wanted any more (or a duplicate record of a wanted edge, as a merge can leave): close it.
            var validTo = changeAt < edge.ValidFrom ? edge.ValidFrom : changeAt;
            expirations.Add(new EdgeExpiration(edge.Id, now));
            inserts.Add(edge with { Id = GraphIds.ClosedCopy(edge.Id, validTo), ValidTo = validTo, RecordedAt = now, ExpiredAt = null, UpdatedAt = now });
        }

        foreach (var ((label, toId), want) in wanted.Where(w => !kept.Contains(w.Key)))
        {
            var strength = label == GraphEdgeLabels.LinksTo ? RelationshipService.DefaultStrength : (double?)null;
            inserts.Add(new GraphEdge
            {
                Id = GraphIds.Edge(label, item.Id, toId, changeAt),
                UserId = item.UserId,
                Label = label,
                FromId = item.Id,
                ToId = toId,
                Count = want.Count,
                Weight = want.Count ?? strength ?? 1,
                RelationshipType = want.RelationshipType,
                Strength = strength,
                Evidence = [item.Id],
                ValidFrom = changeAt,
                RecordedAt = now,
                UpdatedAt = now,
            });
        }

        return new GraphWriteBatch { UserId = item.UserId, VertexUpserts = vertices, EdgeExpirations = expirations, EdgeInserts = inserts, EdgeUpdates = updates };
    }
}
