namespace Kmt.Graph.Analytics;

/// <summary>
/// Brandes' betweenness centrality, exact or from sampled sources, with NetworkX's accumulation and
/// rescaling (<c>nx.betweenness_centrality</c> with <c>endpoints=False</c>; docs/design/graph.md
/// "Graph analytics"). Sources are split into a fixed number of chunks that run in parallel and are
/// summed in chunk order, so results do not depend on thread scheduling.
/// </summary>
public static class Betweenness
{
    private const int Chunks = 16;

    /// <summary>
    /// A reproducible sample of <paramref name="k"/> distinct sources: a partial Fisher-Yates shuffle of
    /// 0..n-1 driven by SplitMix64(<paramref name="seed"/>), in draw order. Pass the same node ids to
    /// NetworkX (bench/graph/networkx_run.py does) and both compute on the same sources.
    /// </summary>
    public static int[] SampleSources(WeightedGraph graph, int k, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var n = graph.NodeCount;
        k = Math.Clamp(k, 0, n);
        var pool = new int[n];
        for (var i = 0; i < n; i++)
        {
            pool[i] = i;
        }

        var rng = new SplitMix64(seed);
        for (var i = 0; i < k; i++)
        {
            var j = i + rng.NextInt(n - i);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }

        return pool[..k];
    }

    /// <summary>Betweenness per dense node index.</summary>
    public static double[] Compute(WeightedGraph graph, BetweennessOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        options ??= new BetweennessOptions();
        var n = graph.NodeCount;
        var sources = options.Sources ?? Enumerable.Range(0, n).ToArray();
        foreach (var s in sources)
        {
            if ((uint)s >= (uint)n)
            {
                throw new ArgumentOutOfRangeException(nameof(options), s, "A source is not a node of the graph.");
            }
        }

        var chunks = Math.Max(1, Math.Min(Chunks, sources.Count));
        var partial = new double[chunks][];
        Parallel.For(0, chunks, c =>
        {
            var acc = new double[n];
            var search = new BrandesSearch(graph, options.Cost);
            int lo = (int)((long)sources.Count * c / chunks), hi = (int)((long)sources.Count * (c + 1) / chunks);
            for (var p = lo; p < hi; p++)
            {
                search.Accumulate(sources[p], acc);
            }

            partial[c] = acc;
        });

        var bc = new double[n];
        foreach (var acc in partial)
        {
            for (var i = 0; i < n; i++)
            {
                bc[i] += acc[i];
            }
        }

        Rescale(bc, n, options.Normalized, options.Sources is null ? null : sources.Count);
        return bc;
    }

    /// <summary>NetworkX's <c>_rescale</c> for undirected graphs without endpoints.</summary>
    private static void Rescale(double[] bc, int n, bool normalized, int? k)
    {
        double? scale = normalized ? (n <= 2 ? null : 1.0 / ((double)(n - 1) * (n - 2))) : 0.5;
        if (scale is null)
        {
            return;
        }

        var s = scale.Value;
        if (k is { } sampled && sampled > 0)
        {
            s = s * n / sampled;
        }

        for (var i = 0; i < n; i++)
        {
            bc[i] *= s;
        }
    }
}
