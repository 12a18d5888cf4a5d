namespace Kmt.Graph.Analytics;

/// <summary>
/// Weighted PageRank exactly as NetworkX defines it (<c>nx.pagerank</c>, docs/design/graph.md
/// "Graph analytics"): each undirected edge counts both ways, a node passes its score to its
/// neighbours in proportion to edge weight, the mass of dangling nodes (no or only zero-weight
/// edges) is spread uniformly, the start vector and teleport are uniform, and the power iteration
/// stops when the L1 change drops below <c>N * tol</c>. QuikGraph's PageRank is not normalised,
/// hence this implementation.
/// </summary>
public static class PageRank
{
    /// <summary>Computes PageRank; throws <see cref="InvalidOperationException"/> if it does not converge.</summary>
    public static PageRankResult Compute(WeightedGraph graph, PageRankOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        options ??= new PageRankOptions();
        var n = graph.NodeCount;
        if (n == 0)
        {
            return new PageRankResult([], 0);
        }

        var offsets = graph.Offsets;
        var targets = graph.Targets;
        var weights = graph.Weights;
        var rowSums = graph.RowSums;
        var inv = new double[n];
        var dangling = new List<int>();
        for (var i = 0; i < n; i++)
        {
            if (rowSums[i] != 0)
            {
                inv[i] = 1.0 / rowSums[i];
            }
            else
            {
                dangling.Add(i);
            }
        }

        var danglingNodes = dangling.ToArray();
        var alpha = options.Damping;
        var x = new double[n];
        Array.Fill(x, 1.0 / n);
        var share = new double[n];
        var next = new double[n];
        var chunks = n >= options.ParallelThreshold ? Math.Max(1, Environment.ProcessorCount) * 4 : 1;
        var chunkErr = new double[chunks];
        var threshold = n * options.Tolerance;
        for (var iter = 1; iter <= options.MaxIterations; iter++)
        {
            double danglingSum = 0;
            foreach (var d in danglingNodes)
            {
                danglingSum += x[d];
            }

            for (var i = 0; i < n; i++)
            {
                share[i] = x[i] * inv[i];
            }

            // x' = alpha * (x A + dangling/N) + (1 - alpha)/N, pulled row by row: the graph is symmetric.
            var constant = (alpha * danglingSum + (1 - alpha)) / n;
            var cur = x;
            var nxt = next;
            void Rows(int c)
            {
                int lo = (int)((long)n * c / chunks), hi = (int)((long)n * (c + 1) / chunks);
                double err = 0;
                for (var i = lo; i < hi; i++)
                {
                    double acc = 0;
                    for (var j = offsets[i]; j < offsets[i + 1]; j++)
                    {
                        acc += share[targets[j]] * weights[j];
                    }

                    var v = alpha * acc + constant;
                    nxt[i] = v;
                    err += Math.Abs(v - cur[i]);
                }

                chunkErr[c] = err;
            }

            if (chunks == 1)
            {
                Rows(0);
            }
            else
            {
                Parallel.For(0, chunks, Rows);
            }

            double total = 0;
            for (var c = 0; c < chunks; c++)
            {
                total += chunkErr[c];
            }

            (x, next) = (next, x);
            if (total < threshold)
            {
                return new PageRankResult(x, iter);
            }
        }

        throw new InvalidOperationException($"PageRank did not converge within {options.MaxIterations} iterations.");
    }
}
