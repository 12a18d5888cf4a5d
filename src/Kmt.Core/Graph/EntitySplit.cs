namespace Kmt.Core.Graph;

/// <summary>
/// The rules of undoing a merge (docs/design/graph.md, "Undoing a merge"), pure so both graph stores get
/// them through the port's write batch: which names a merge folded in, which pairs resolution must keep
/// apart afterwards, and the bi-temporal write of the split itself.
/// </summary>
public static class EntitySplit
{
    /// <summary>
    /// The normalised names a merge added to the survivor's aliases: an embedding merge's name (its key and
    /// normalised form), a key merge's vertex's own name and aliases.
    /// </summary>
    public static IReadOnlySet<string> Names(EntityMerge merge, GraphVertex? mergedVertex)
    {
        ArgumentNullException.ThrowIfNull(merge);
        var names = new HashSet<string>(StringComparer.Ordinal) { merge.NormalizedName, EntityNames.Key(merge.Name), EntityNames.Normalize(merge.Name) };
        if (mergedVertex is not null)
        {
            names.Add(mergedVertex.NormalizedName ?? "");
            names.UnionWith(mergedVertex.Aliases);
        }

        names.Remove("");
        return names;
    }

    /// <summary>Whether the person split <paramref name="a"/> and <paramref name="b"/> apart: resolution never merges them again.</summary>
    public static bool KeepsApart(GraphVertex a, GraphVertex b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.Merges.Any(m => m.SplitIntoId == b.Id) || b.Merges.Any(m => m.SplitIntoId == a.Id);
    }

    /// <summary>Whether a name (its resolution key and normalised form) was split out of <paramref name="entity"/>: similarity never adds it back.</summary>
    public static bool RefusesName(GraphVertex entity, string key, string normalized)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return entity.Merges.Any(m => m.SplitAt is not null
            && (m.NormalizedName == key || m.NormalizedName == normalized || EntityNames.Key(m.Name) == key));
    }

    /// <summary>
    /// The write of a split, like any other graph change: the two vertices (the split-off one first, so the
    /// edges have their endpoint), and for each moving item the current mentions record to the survivor closed
    /// at <paramref name="splitAt"/> (expired, plus a closed copy) or re-counted when the item still names the
    /// survivor otherwise, and a new record to the split-off entity holding from <paramref name="splitAt"/>. As
    /// of a valid time before the split the graph shows the merged state. Ids derive from the split time, so
    /// writing the same split again (completing one cut short) inserts nothing twice.
    /// </summary>
    public static GraphWriteBatch Plan(GraphVertex survivor, GraphVertex splitOff, IReadOnlyList<SplitMove> moves, DateTimeOffset splitAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(survivor);
        ArgumentNullException.ThrowIfNull(splitOff);
        ArgumentNullException.ThrowIfNull(moves);
        var expirations = new List<EdgeExpiration>();
        var inserts = new List<GraphEdge>();
        var updates = new List<GraphEdge>();
        foreach (var (current, splitCount, restCount) in moves)
        {
            if (restCount <= 0)
            {
                var validTo = splitAt < current.ValidFrom ? current.ValidFrom : splitAt;
                expirations.Add(new EdgeExpiration(current.Id, now));
                inserts.Add(current with { Id = GraphIds.ClosedCopy(current.Id, validTo), ValidTo = validTo, RecordedAt = now, ExpiredAt = null, UpdatedAt = now });
            }
            else if (current.Count != restCount)
            {
                updates.Add(current with { Count = restCount, Weight = restCount, UpdatedAt = now });
            }

            inserts.Add(new GraphEdge
            {
                Id = GraphIds.Edge(GraphEdgeLabels.Mentions, current.FromId, splitOff.Id, splitAt),
                UserId = survivor.UserId,
                Label = GraphEdgeLabels.Mentions,
                FromId = current.FromId,
                ToId = splitOff.Id,
                Count = splitCount,
                Weight = splitCount,
                Evidence = [current.FromId],
                ValidFrom = splitAt,
                RecordedAt = now,
                UpdatedAt = now,
            });
        }

        return new GraphWriteBatch
        {
            UserId = survivor.UserId,
            VertexUpserts = [splitOff, survivor],
            EdgeExpirations = expirations,
            EdgeInserts = inserts,
            EdgeUpdates = updates,
        };
    }
}
