namespace Kmt.Graph.Analytics;

/// <summary>
/// Weighted Louvain community detection with the same moves, gains and stopping rules as
/// <c>nx.community.louvain_communities</c> (docs/design/graph.md, "Graph analytics"): nodes are
/// visited in a seeded random order, each moves to the neighbouring community with the largest
/// strictly positive modularity gain, passes repeat until no node moves, then communities become
/// nodes of the next level; it stops when a level raises modularity by no more than the threshold.
/// </summary>
public static class Louvain
{
    /// <summary>Detects communities; deterministic for a given graph and <see cref="LouvainOptions.Seed"/>.</summary>
    public static CommunityResult Detect(WeightedGraph graph, LouvainOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        options ??= new LouvainOptions();
        var n = graph.NodeCount;
        if (n == 0)
        {
            return new CommunityResult([], 0, 0, 0);
        }

        var membership = new int[n];
        for (var i = 0; i < n; i++)
        {
            membership[i] = i;
        }

        var m = graph.TotalWeight;
        if (m <= 0)
        {
            return new CommunityResult(membership, n, 0, 0);
        }

        var rng = new SplitMix64(options.Seed);
        var level = LevelGraph.From(graph);
        var mod = level.Modularity(membership, m, options.Resolution);
        var levels = 0;
        while (levels < options.MaxLevels)
        {
            var (comm, improved) = MoveNodes(level, m, options.Resolution, rng);
            if (!improved && levels > 0)
            {
                break;
            }

            levels++;
            var count = Renumber(comm);
            for (var i = 0; i < n; i++)
            {
                membership[i] = comm[membership[i]];
            }

            var newMod = level.Modularity(comm, m, options.Resolution);
            if (newMod - mod <= options.Threshold)
            {
                break;
            }

            mod = newMod;
            level = level.Aggregate(comm, count);
        }

        var communities = Renumber(membership);
        return new CommunityResult(membership, communities, Modularity.Compute(graph, membership, options.Resolution), levels);
    }

    /// <summary>Local moving phase: returns each level node's community and whether any node moved.</summary>
    private static (int[] Comm, bool Improved) MoveNodes(LevelGraph g, double m, double resolution, SplitMix64 rng)
    {
        var n = g.N;
        var comm = new int[n];
        var tot = new double[n];
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            comm[i] = i;
            tot[i] = g.K[i];
            order[i] = i;
        }

        rng.Shuffle(order);
        var neighW = new double[n];
        var seen = new bool[n];
        var touched = new int[n];
        var scale = resolution / (2 * m);
        var improved = false;
        int moves;
        var passes = 0;
        do
        {
            moves = 0;
            foreach (var u in order)
            {
                var cu = comm[u];
                var ku = g.K[u];
                var nt = 0;
                for (var j = g.Off[u]; j < g.Off[u + 1]; j++)
                {
                    var c = comm[g.Tgt[j]];
                    if (!seen[c])
                    {
                        seen[c] = true;
                        neighW[c] = 0;
                        touched[nt++] = c;
                    }

                    neighW[c] += g.W[j];
                }

                tot[cu] -= ku;
                var best = cu;
                var bestScore = (seen[cu] ? neighW[cu] : 0) - (tot[cu] * ku * scale);
                for (var t = 0; t < nt; t++)
                {
                    var c = touched[t];
                    seen[c] = false;
                    if (c == cu)
                    {
                        continue;
                    }

                    var score = neighW[c] - (tot[c] * ku * scale);
                    if (score > bestScore)
                    {
                        bestScore = score;
                        best = c;
                    }
                }

                tot[best] += ku;
                if (best != cu)
                {
                    comm[u] = best;
                    moves++;
                    improved = true;
                }
            }
        }
        while (moves > 0 && ++passes < 10_000);

        return (comm, improved);
    }

    /// <summary>Relabels communities 0..C-1 in order of first appearance; returns C.</summary>
    private static int Renumber(int[] comm)
    {
        var map = new Dictionary<int, int>();
        for (var i = 0; i < comm.Length; i++)
        {
            if (!map.TryGetValue(comm[i], out var c))
            {
                c = map.Count;
                map.Add(comm[i], c);
            }

            comm[i] = c;
        }

        return map.Count;
    }
}
