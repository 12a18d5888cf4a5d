namespace Kmt.Core.Graph;

/// <summary>
/// The bi-temporal diff of the nightly derived edges (similar_to, co_read, member_of; docs/design/graph.md,
/// "Knowledge graph"): a wanted pair without a current record is inserted, valid from this run; a
/// current record whose pair is no longer wanted is closed (its record expires and a closed copy valid
/// until now is recorded); a changed weight, count or evidence is an update; nothing is deleted. These
/// edges are KMT's own nightly judgement (a cosine above a threshold, a Louvain partition), so they hold
/// from the run that first found them rather than from an item's change: a pair that closes and later
/// qualifies again gets a new record from that later run, never a reused id. Running it over its own
/// result writes nothing. Pure: no I/O.
/// </summary>
public static class DerivedEdgeDiff
{
    /// <summary>Weights closer than this are equal (cosines are rounded to six places before they get here).</summary>
    private const double WeightTolerance = 1e-9;

    /// <param name="userId">The graph's owner.</param>
    /// <param name="label">The one label this diff owns; current records of other labels are ignored.</param>
    /// <param name="wanted">The pairs that should hold now (a repeated pair counts once, the first wins).</param>
    /// <param name="current">The current records (other labels and closed records are ignored).</param>
    /// <param name="undirected">Whether a→b and b→a are one pair (stored once, the ordinally smaller id first).</param>
    /// <param name="now">System time of this write, the valid start of new pairs and the valid end of closed ones.</param>
    /// <param name="closeMissing">False when the current records were read from a truncated snapshot: pairs are added and updated, none closed.</param>
    public static GraphWriteBatch Build(string userId, string label, IEnumerable<WantedEdge> wanted, IEnumerable<GraphEdge> current, bool undirected, DateTimeOffset now, bool closeMissing = true)
    {
        var byPair = new Dictionary<(string From, string To), WantedEdge>();
        foreach (var edge in wanted)
        {
            var key = Key(edge.FromId, edge.ToId, undirected);
            byPair.TryAdd(key, edge with { FromId = key.From, ToId = key.To });
        }

        var expirations = new List<EdgeExpiration>();
        var inserts = new List<GraphEdge>();
        var updates = new List<GraphEdge>();
        var kept = new HashSet<(string, string)>();
        foreach (var edge in current.Where(e => e.Label == label && e.IsCurrent).OrderBy(e => e.ValidFrom).ThenBy(e => e.Id, StringComparer.Ordinal))
        {
            var key = Key(edge.FromId, edge.ToId, undirected);
            if (byPair.TryGetValue(key, out var want) && kept.Add(key))
            {
                if (Math.Abs(edge.Weight - want.Weight) > WeightTolerance || edge.Count != want.Count || !edge.Evidence.SequenceEqual(want.Evidence, StringComparer.Ordinal))
                {
                    updates.Add(edge with { Weight = want.Weight, Count = want.Count, Evidence = want.Evidence, UpdatedAt = now });
                }

                continue;
            }

            if (!closeMissing)
            {
                continue;
            }

            // Not wanted, or a second record of a kept pair (two runs that raced): close it.
            var validTo = now < edge.ValidFrom ? edge.ValidFrom : now;
            expirations.Add(new EdgeExpiration(edge.Id, now));
            inserts.Add(edge with { Id = GraphIds.ClosedCopy(edge.Id, validTo), ValidTo = validTo, RecordedAt = now, ExpiredAt = null, UpdatedAt = now });
        }

        foreach (var (key, want) in byPair.Where(p => !kept.Contains(p.Key)).OrderBy(p => p.Key.From, StringComparer.Ordinal).ThenBy(p => p.Key.To, StringComparer.Ordinal))
        {
            inserts.Add(new GraphEdge
            {
                Id = GraphIds.Edge(label, key.From, key.To, now),
                UserId = userId,
                Label = label,
                FromId = key.From,
                ToId = key.To,
                Weight = want.Weight,
                Count = want.Count,
                Evidence = want.Evidence,
                ValidFrom = now,
                RecordedAt = now,
                UpdatedAt = now,
            });
        }

        return new GraphWriteBatch { UserId = userId, EdgeExpirations = expirations, EdgeInserts = inserts, EdgeUpdates = updates };
    }

    private static (string From, string To) Key(string from, string to, bool undirected) =>
        undirected && string.CompareOrdinal(from, to) > 0 ? (to, from) : (from, to);
}
