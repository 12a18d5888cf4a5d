namespace Kmt.Graph.Analytics;

/// <summary>
/// One Louvain level: a CSR graph without self-loop slots, each node's self-loop weight
/// (<see cref="Self"/>, counted once) and weighted degree (<see cref="K"/>, self-loop twice).
/// </summary>
internal sealed class LevelGraph
{
    private LevelGraph(int n, int[] off, int[] tgt, double[] w, double[] self)
    {
        N = n;
        Off = off;
        Tgt = tgt;
        W = w;
        Self = self;
        K = new double[n];
        for (var i = 0; i < n; i++)
        {
            double k = 2 * self[i];
            for (var j = off[i]; j < off[i + 1]; j++)
            {
                k += w[j];
            }

            K[i] = k;
        }
    }

    public int N { get; }

    public int[] Off { get; }

    public int[] Tgt { get; }

    public double[] W { get; }

    public double[] Self { get; }

    public double[] K { get; }

    public static LevelGraph From(WeightedGraph g)
    {
        var n = g.NodeCount;
        var off = new int[n + 1];
        var tgt = new int[g.Targets.Length];
        var w = new double[g.Targets.Length];
        var self = new double[n];
        var k = 0;
        for (var i = 0; i < n; i++)
        {
            off[i] = k;
            for (var j = g.Offsets[i]; j < g.Offsets[i + 1]; j++)
            {
                if (g.Targets[j] == i)
                {
                    self[i] += g.Weights[j];
                    continue;
                }

                tgt[k] = g.Targets[j];
                w[k++] = g.Weights[j];
            }
        }

        off[n] = k;
        return new LevelGraph(n, off, tgt, w, self);
    }

    /// <summary>Modularity of a partition of this level (equal to the same partition's on the input graph).</summary>
    public double Modularity(int[] comm, double m, double resolution)
    {
        var inside = new double[N];
        var degree = new double[N];
        for (var i = 0; i < N; i++)
        {
            var c = comm[i];
            inside[c] += Self[i];
            degree[c] += K[i];
            for (var j = Off[i]; j < Off[i + 1]; j++)
            {
                if (comm[Tgt[j]] == c)
                {
                    inside[c] += W[j] / 2;
                }
            }
        }

        double q = 0;
        for (var c = 0; c < N; c++)
        {
            var share = degree[c] / (2 * m);
            q += (inside[c] / m) - (resolution * share * share);
        }

        return q;
    }

    /// <summary>The next level: one node per community (labels 0..count-1), edges summed.</summary>
    public LevelGraph Aggregate(int[] comm, int count)
    {
        // Members of each community, by counting sort.
        var start = new int[count + 1];
        foreach (var c in comm)
        {
            start[c + 1]++;
        }

        for (var c = 0; c < count; c++)
        {
            start[c + 1] += start[c];
        }

        var members = new int[N];
        var fill = (int[])start.Clone();
        for (var i = 0; i < N; i++)
        {
            members[fill[comm[i]]++] = i;
        }

        var off = new int[count + 1];
        var tgt = new List<int>(Tgt.Length / 2);
        var w = new List<double>(Tgt.Length / 2);
        var self = new double[count];
        var acc = new double[count];
        var seen = new bool[count];
        var touched = new int[count];
        for (var c = 0; c < count; c++)
        {
            off[c] = tgt.Count;
            var nt = 0;
            for (var p = start[c]; p < start[c + 1]; p++)
            {
                var i = members[p];
                self[c] += Self[i];
                for (var j = Off[i]; j < Off[i + 1]; j++)
                {
                    var d = comm[Tgt[j]];
                    if (d == c)
                    {
                        self[c] += W[j] / 2;
                        continue;
                    }

                    if (!seen[d])
                    {
                        seen[d] = true;
                        acc[d] = 0;
                        touched[nt++] = d;
                    }

                    acc[d] += W[j];
                }
            }

            Array.Sort(touched, 0, nt);
            for (var t = 0; t < nt; t++)
            {
                var d = touched[t];
                seen[d] = false;
                tgt.Add(d);
                w.Add(acc[d]);
            }
        }

        off[count] = tgt.Count;
        return new LevelGraph(count, off, [.. tgt], [.. w], self);
    }
}
