namespace Kmt.Graph.Analytics;

/// <summary>
/// Newman's weighted modularity exactly as <c>nx.community.modularity</c> computes it:
/// <c>Q = Σ_c [ L_c / m − γ (d_c / 2m)² ]</c>, where <c>L_c</c> is the weight inside community c
/// (each edge once, a self-loop once), <c>d_c</c> its members' weighted degrees (a self-loop twice)
/// and <c>m</c> the total edge weight. A graph without weight has modularity 0 (NetworkX divides by zero).
/// </summary>
public static class Modularity
{
    /// <summary>Modularity of <paramref name="membership"/> (community per dense node, any non-negative labels).</summary>
    public static double Compute(WeightedGraph graph, int[] membership, double resolution = 1.0)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(membership);
        if (membership.Length != graph.NodeCount)
        {
            throw new ArgumentException("One community per node is required.", nameof(membership));
        }

        var m = graph.TotalWeight;
        if (graph.NodeCount == 0 || m <= 0)
        {
            return 0;
        }

        var labels = 0;
        foreach (var c in membership)
        {
            if (c < 0)
            {
                throw new ArgumentException("Community labels must not be negative.", nameof(membership));
            }

            labels = Math.Max(labels, c + 1);
        }

        var inside = new double[labels];
        var degree = new double[labels];
        var offsets = graph.Offsets;
        var targets = graph.Targets;
        var weights = graph.Weights;
        for (var i = 0; i < graph.NodeCount; i++)
        {
            var ci = membership[i];
            for (var j = offsets[i]; j < offsets[i + 1]; j++)
            {
                var t = targets[j];
                var w = weights[j];
                if (t == i)
                {
                    inside[ci] += w;
                    degree[ci] += 2 * w;
                }
                else
                {
                    degree[ci] += w;
                    if (membership[t] == ci)
                    {
                        inside[ci] += w / 2;
                    }
                }
            }
        }

        double q = 0;
        for (var c = 0; c < labels; c++)
        {
            var share = degree[c] / (2 * m);
            q += inside[c] / m - resolution * share * share;
        }

        return q;
    }
}
