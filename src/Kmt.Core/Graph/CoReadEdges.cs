using Kmt.Core.Activity;

namespace Kmt.Core.Graph;

/// <summary>
/// co_read edges (item ↔ item; docs/design/graph.md, "Knowledge graph") from the person's reading
/// sessions. A reading session is one item's (the seed's reading_sessions), so "read in the same
/// session" means in the same sitting: sessions in start order belong to one sitting while each starts
/// within <see cref="GraphOptions.CoReadSittingGap"/> of the sitting's latest end (or start, for a
/// session not finished). Two items are co-read when at least <see cref="GraphOptions.CoReadMinSessions"/>
/// sittings hold both; weight and count = those sittings, evidence = the two items. A sitting pairs at
/// most its first <see cref="GraphOptions.CoReadMaxItemsPerSitting"/> items, bounding the pairs one
/// binge adds. Only items in <c>liveItems</c> (current item vertices) pair. Pure: no I/O.
/// </summary>
public static class CoReadEdges
{
    /// <summary>The pairs that should hold (from the ordinally smaller item id).</summary>
    public static IReadOnlyList<WantedEdge> Wanted(IEnumerable<ReadingSession> sessions, IReadOnlySet<string> liveItems, TimeSpan sittingGap, int minSessions, int maxItemsPerSitting)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(liveItems);
        var shared = new Dictionary<(string, string), int>();
        foreach (var sitting in Sittings(sessions.Where(s => liveItems.Contains(s.KnowledgeItemId)), sittingGap))
        {
            var items = sitting.Take(Math.Max(2, maxItemsPerSitting)).Order(StringComparer.Ordinal).ToList();
            for (var i = 0; i < items.Count; i++)
            {
                for (var j = i + 1; j < items.Count; j++)
                {
                    shared[(items[i], items[j])] = shared.GetValueOrDefault((items[i], items[j])) + 1;
                }
            }
        }

        return shared.Where(p => p.Value >= Math.Max(1, minSessions))
            .Select(p => new WantedEdge(p.Key.Item1, p.Key.Item2, p.Value, p.Value, [p.Key.Item1, p.Key.Item2]))
            .ToList();
    }

    /// <summary>The write that brings the current co_read records in line with the sessions.</summary>
    public static GraphWriteBatch Build(string userId, IEnumerable<ReadingSession> sessions, IReadOnlySet<string> liveItems, IEnumerable<GraphEdge> current, GraphOptions options, DateTimeOffset now, bool closeMissing = true)
    {
        ArgumentNullException.ThrowIfNull(options);
        var wanted = Wanted(sessions, liveItems, options.CoReadSittingGap, options.CoReadMinSessions, options.CoReadMaxItemsPerSitting);
        return DerivedEdgeDiff.Build(userId, GraphEdgeLabels.CoRead, wanted, current, undirected: true, now, closeMissing);
    }

    /// <summary>Each sitting's distinct items in the order they were first read.</summary>
    internal static IEnumerable<List<string>> Sittings(IEnumerable<ReadingSession> sessions, TimeSpan gap)
    {
        List<string>? items = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var end = DateTimeOffset.MinValue;
        foreach (var session in sessions.OrderBy(s => s.StartTime).ThenBy(s => s.Id, StringComparer.Ordinal))
        {
            if (items is null || session.StartTime > end + gap)
            {
                if (items is { Count: > 1 })
                {
                    yield return items;
                }

                items = [];
                seen.Clear();
                end = session.StartTime;
            }

            if (seen.Add(session.KnowledgeItemId))
            {
                items.Add(session.KnowledgeItemId);
            }

            var finished = session.EndTime ?? session.StartTime;
            end = finished > end ? finished : end;
        }

        if (items is { Count: > 1 })
        {
            yield return items;
        }
    }
}
