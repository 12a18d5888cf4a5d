namespace Kmt.Graph.Analytics;

/// <summary>
/// Shortest paths between pairs: hop counts by bidirectional BFS (what <c>nx.shortest_path_length</c>
/// does without a weight), weighted paths by Dijkstra, and k-hop neighbourhoods
/// (docs/design/graph.md, "Graph analytics").
/// </summary>
public static class ShortestPaths
{
    /// <summary>The fewest-hops path from <paramref name="source"/> to <paramref name="target"/>, or null when none exists.</summary>
    public static GraphPath? HopPath(WeightedGraph graph, int source, int target)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return new HopSearch(graph).Path(source, target);
    }

    /// <summary>
    /// Hop distance for every (source, target) pair, -1 when unreachable or when an index is -1 (an
    /// unknown id). Pairs are spread over fixed chunks run in parallel.
    /// </summary>
    public static int[] HopDistances(WeightedGraph graph, IReadOnlyList<(int Source, int Target)> pairs)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(pairs);
        var result = new int[pairs.Count];
        var chunks = Math.Max(1, Math.Min(Environment.ProcessorCount * 4, pairs.Count / 16));
        Parallel.For(0, chunks, c =>
        {
            var search = new HopSearch(graph);
            int lo = (int)((long)pairs.Count * c / chunks), hi = (int)((long)pairs.Count * (c + 1) / chunks);
            for (var p = lo; p < hi; p++)
            {
                var (s, t) = pairs[p];
                result[p] = s < 0 || t < 0 ? -1 : search.Distance(s, t);
            }
        });
        return result;
    }

    /// <summary>
    /// The shortest path by <paramref name="cost"/> (Dijkstra; zero-weight edges are skipped unless
    /// the cost is hops), or null when none exists.
    /// </summary>
    public static GraphPath? WeightedPath(WeightedGraph graph, int source, int target, EdgeCost cost = EdgeCost.InverseWeight)
    {
        ArgumentNullException.ThrowIfNull(graph);
        CheckNode(graph, source);
        CheckNode(graph, target);
        if (cost == EdgeCost.Hops)
        {
            return HopPath(graph, source, target);
        }

        var n = graph.NodeCount;
        var dist = new double[n];
        var parent = new int[n];
        var done = new bool[n];
        Array.Fill(dist, double.PositiveInfinity);
        var heap = new MinHeap(64);
        dist[source] = 0;
        parent[source] = -1;
        heap.Push(0, source);
        while (heap.TryPop(out var d, out var v))
        {
            if (done[v])
            {
                continue;
            }

            done[v] = true;
            if (v == target)
            {
                return new GraphPath(Unwind(parent, target), d);
            }

            for (var j = graph.Offsets[v]; j < graph.Offsets[v + 1]; j++)
            {
                var w = graph.Targets[j];
                var weight = graph.Weights[j];
                if (weight <= 0 || done[w])
                {
                    continue;
                }

                var nd = d + (cost == EdgeCost.Weight ? weight : 1 / weight);
                if (nd < dist[w])
                {
                    dist[w] = nd;
                    parent[w] = v;
                    heap.Push(nd, w);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Nodes within <paramref name="maxHops"/> of <paramref name="center"/> (the centre first, at 0),
    /// in BFS order, at most <paramref name="limit"/> of them.
    /// </summary>
    public static IReadOnlyList<NeighbourhoodNode> Neighbourhood(WeightedGraph graph, int center, int maxHops, int limit = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(graph);
        CheckNode(graph, center);
        ArgumentOutOfRangeException.ThrowIfNegative(maxHops);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var hops = new Dictionary<int, int> { [center] = 0 };
        var result = new List<NeighbourhoodNode> { new(center, 0) };
        for (var head = 0; head < result.Count && result.Count < limit; head++)
        {
            var (v, h) = result[head];
            if (h == maxHops)
            {
                break;
            }

            for (var j = graph.Offsets[v]; j < graph.Offsets[v + 1] && result.Count < limit; j++)
            {
                var w = graph.Targets[j];
                if (hops.TryAdd(w, h + 1))
                {
                    result.Add(new NeighbourhoodNode(w, h + 1));
                }
            }
        }

        return result;
    }

    internal static void CheckNode(WeightedGraph graph, int node)
    {
        if ((uint)node >= (uint)graph.NodeCount)
        {
            throw new ArgumentOutOfRangeException(nameof(node), node, "Not a node of the graph.");
        }
    }

    private static int[] Unwind(int[] parent, int target)
    {
        var path = new List<int>();
        for (var v = target; v >= 0; v = parent[v])
        {
            path.Add(v);
        }

        path.Reverse();
        return [.. path];
    }
}
