using System.Numerics.Tensors;
using Kmt.Core.Embeddings;

namespace Kmt.Core.Graph;

/// <summary>
/// similar_to edges (item ↔ item; docs/design/graph.md, "Knowledge graph") from the items' mean chunk
/// vectors: each item keeps its <see cref="GraphOptions.SimilarToTopK"/> nearest items whose cosine is at
/// least <see cref="GraphOptions.SimilarToMinCosine"/>, and a pair holds when either item keeps the other
/// (a k-nearest-neighbour graph, stored once per pair). Weight = the cosine rounded to six places,
/// evidence = the two items. Only vectors of the same model and length compare. Exact, brute force
/// (n²/2 dot products of normalised vectors), because a nightly step over one person's items affords it
/// and an approximate index would make the edges flicker between runs. Pure: no I/O.
/// </summary>
public static class SimilarItemEdges
{
    /// <summary>The pairs that should hold (from the ordinally smaller item id), in no particular order.</summary>
    public static IReadOnlyList<WantedEdge> Wanted(IReadOnlyList<ItemVector> vectors, double minCosine, int topK)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        var k = Math.Max(1, topK);
        var pairs = new Dictionary<(string, string), double>();
        foreach (var group in vectors.Where(v => v.Vector.Length > 0).GroupBy(v => (v.Model, v.Vector.Length)))
        {
            var list = group.DistinctBy(v => v.ItemId, StringComparer.Ordinal).OrderBy(v => v.ItemId, StringComparer.Ordinal).ToList();
            var best = new List<(double Cosine, int Other)>[list.Count];
            for (var i = 0; i < list.Count; i++)
            {
                best[i] = [];
            }

            for (var i = 0; i < list.Count; i++)
            {
                var a = list[i].Vector;
                for (var j = i + 1; j < list.Count; j++)
                {
                    var cosine = Math.Round((double)TensorPrimitives.Dot(a, list[j].Vector), 6);
                    if (cosine >= minCosine)
                    {
                        Offer(best[i], k, cosine, j);
                        Offer(best[j], k, cosine, i);
                    }
                }
            }

            for (var i = 0; i < list.Count; i++)
            {
                foreach (var (cosine, other) in best[i])
                {
                    var (lo, hi) = i < other ? (i, other) : (other, i);
                    pairs[(list[lo].ItemId, list[hi].ItemId)] = cosine;
                }
            }
        }

        return pairs.Select(p => new WantedEdge(p.Key.Item1, p.Key.Item2, p.Value, null, [p.Key.Item1, p.Key.Item2])).ToList();
    }

    /// <summary>The write that brings the current similar_to records in line with <paramref name="vectors"/>.</summary>
    public static GraphWriteBatch Build(string userId, IReadOnlyList<ItemVector> vectors, IEnumerable<GraphEdge> current, double minCosine, int topK, DateTimeOffset now, bool closeMissing = true) =>
        DerivedEdgeDiff.Build(userId, GraphEdgeLabels.SimilarTo, Wanted(vectors, minCosine, topK), current, undirected: true, now, closeMissing);

    /// <summary>Keeps the k best (highest cosine, then lowest index, so ties resolve the same way every run).</summary>
    private static void Offer(List<(double Cosine, int Other)> best, int k, double cosine, int other)
    {
        if (best.Count == k)
        {
            var worst = best[^1];
            if (cosine < worst.Cosine || (cosine == worst.Cosine && other > worst.Other))
            {
                return;
            }

            best.RemoveAt(best.Count - 1);
        }

        var at = best.FindIndex(b => cosine > b.Cosine || (cosine == b.Cosine && other < b.Other));
        best.Insert(at < 0 ? best.Count : at, (cosine, other));
    }
}
