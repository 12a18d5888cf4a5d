namespace Kmt.Graph.Analytics;

/// <summary>
/// Change over time (docs/design/graph.md, "Graph analytics"): from edges with valid times and
/// period boundaries (usually month starts, <see cref="MonthStarts"/>), the weight and degree of
/// every node and community per period and whether each is growing, fading or stable.
/// </summary>
public static class TemporalActivity
{
    /// <summary>UTC month starts covering [<paramref name="from"/>, <paramref name="to"/>]: the first is from's month, the last is after to.</summary>
    public static IReadOnlyList<DateTimeOffset> MonthStarts(DateTimeOffset from, DateTimeOffset to)
    {
        if (to < from)
        {
            throw new ArgumentException("The range ends before it starts.", nameof(to));
        }

        var utc = from.ToUniversalTime();
        var month = new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var result = new List<DateTimeOffset> { month };
        while (month <= to)
        {
            month = month.AddMonths(1);
            result.Add(month);
        }

        return result;
    }

    /// <summary>
    /// Computes per-period activity. <paramref name="communityOf"/> maps node ids to community ids
    /// (e.g. from <see cref="Louvain"/>); nodes absent from it belong to no community. A period's
    /// trend threshold is the relative slope (per period) beyond which a series is growing or fading.
    /// </summary>
    public static ActivityReport Compute(
        IReadOnlyList<TemporalEdge> edges,
        IReadOnlyList<DateTimeOffset> boundaries,
        IReadOnlyDictionary<string, string>? communityOf = null,
        double trendThreshold = 0.05)
    {
        ArgumentNullException.ThrowIfNull(edges);
        ArgumentNullException.ThrowIfNull(boundaries);
        if (boundaries.Count < 2)
        {
            throw new ArgumentException("At least two boundaries (one period) are needed.", nameof(boundaries));
        }

        for (var i = 1; i < boundaries.Count; i++)
        {
            if (boundaries[i] <= boundaries[i - 1])
            {
                throw new ArgumentException("Boundaries must be strictly increasing.", nameof(boundaries));
            }
        }

        var periods = boundaries.Count - 1;
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new List<string>();
        int Intern(string id)
        {
            if (!ids.TryGetValue(id, out var i))
            {
                i = names.Count;
                ids.Add(id, i);
                names.Add(id);
            }

            return i;
        }

        var comms = new Dictionary<string, int>(StringComparer.Ordinal);
        var commNames = new List<string>();
        var nodeWeight = new List<double[]>();
        var commWeight = new List<double[]>();
        var activePairs = new HashSet<(int, int)>[periods];
        for (var p = 0; p < periods; p++)
        {
            activePairs[p] = [];
        }

        int CommunityOf(int node)
        {
            if (communityOf is null || !communityOf.TryGetValue(names[node], out var name))
            {
                return -1;
            }

            if (!comms.TryGetValue(name, out var c))
            {
                c = commNames.Count;
                comms.Add(name, c);
                commNames.Add(name);
                commWeight.Add(new double[periods]);
            }

            return c;
        }

        var nodeComm = new List<int>();
        foreach (var e in edges)
        {
            if (e.ValidTo is { } end && end < e.ValidFrom)
            {
                throw new ArgumentException($"Edge {e.Source}-{e.Target} ends before it starts.", nameof(edges));
            }

            if (!double.IsFinite(e.Weight) || e.Weight < 0)
            {
                throw new ArgumentException($"Edge {e.Source}-{e.Target} has an invalid weight.", nameof(edges));
            }

            var u = Intern(e.Source);
            var v = Intern(e.Target);
            while (nodeWeight.Count < names.Count)
            {
                nodeWeight.Add(new double[periods]);
                nodeComm.Add(CommunityOf(nodeComm.Count));
            }

            var pair = u <= v ? (u, v) : (v, u);
            for (var p = 0; p < periods; p++)
            {
                var share = Overlap(e.ValidFrom, e.ValidTo, boundaries[p], boundaries[p + 1]);
                if (share < 0)
                {
                    continue;
                }

                activePairs[p].Add(pair);
                var w = e.Weight * share;
                nodeWeight[u][p] += w;
                if (v != u)
                {
                    nodeWeight[v][p] += w;
                }

                int cu = nodeComm[u], cv = nodeComm[v];
                if (cu >= 0)
                {
                    commWeight[cu][p] += w;
                }

                if (cv >= 0 && cv != cu)
                {
                    commWeight[cv][p] += w;
                }
            }
        }

        var nodeDegree = new int[names.Count][];
        for (var i = 0; i < names.Count; i++)
        {
            nodeDegree[i] = new int[periods];
        }

        for (var p = 0; p < periods; p++)
        {
            foreach (var (a, b) in activePairs[p])
            {
                nodeDegree[a][p]++;
                if (b != a)
                {
                    nodeDegree[b][p]++;
                }
            }
        }

        var commMembers = new int[commNames.Count][];
        for (var c = 0; c < commNames.Count; c++)
        {
            commMembers[c] = new int[periods];
        }

        var nodes = new ActivitySeries[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            nodes[i] = new ActivitySeries(names[i], nodeWeight[i], nodeDegree[i], Trend.Of(nodeWeight[i], trendThreshold));
            if (nodeComm[i] >= 0)
            {
                for (var p = 0; p < periods; p++)
                {
                    if (nodeDegree[i][p] > 0)
                    {
                        commMembers[nodeComm[i]][p]++;
                    }
                }
            }
        }

        var communities = new ActivitySeries[commNames.Count];
        for (var c = 0; c < commNames.Count; c++)
        {
            communities[c] = new ActivitySeries(commNames[c], commWeight[c], commMembers[c], Trend.Of(commWeight[c], trendThreshold));
        }

        return new ActivityReport(boundaries, nodes, communities);
    }

    /// <summary>The share of [start, end) that [from, to) covers, or -1 when they do not overlap.</summary>
    private static double Overlap(DateTimeOffset from, DateTimeOffset? to, DateTimeOffset start, DateTimeOffset end)
    {
        var lo = from > start ? from : start;
        var hi = to is { } t && t < end ? t : end;
        if (hi <= lo)
        {
            return -1;
        }

        return (hi - lo).Ticks / (double)(end - start).Ticks;
    }
}
