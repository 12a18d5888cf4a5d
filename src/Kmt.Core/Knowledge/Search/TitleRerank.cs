namespace Kmt.Core.Knowledge.Search;

/// <summary>
/// The title's meaning in the score of the first candidates of a score fusion (<see cref="ScoreFusion"/>): within
/// the first <c>depth</c>, an item's cosine term becomes (1 − t) · its best chunk's cosine + t · its title's cosine
/// with the query. People looking for a known item describe it much as its title does, and a chunk deep in the
/// content rarely says what the item is (bench/README.md, "Score fusion": MRR@10 +0.005 tune, +0.012 check, offline).
/// Titles are embedded at search time (cached with the query vectors), so no stored vector changes and items
/// stored before this rule count alike.
/// </summary>
public static class TitleRerank
{
    /// <param name="fused">The fused ranking, best first (ScoreFusion's scores).</param>
    /// <param name="cosine">Each item's cosine in that fusion (its similarity, or the floor it was given).</param>
    /// <param name="titleCosine">The cosine of each item's title with the query (items absent keep their score).</param>
    /// <param name="keywordWeight">The fusion's w: the cosine term weighs 1 − w.</param>
    /// <param name="titleWeight">t, 0-1.</param>
    public static IReadOnlyList<(string Id, double Score)> Apply(
        IReadOnlyList<(string Id, double Score)> fused, Func<string, double> cosine, IReadOnlyDictionary<string, double> titleCosine,
        double keywordWeight, double titleWeight, int depth)
    {
        ArgumentNullException.ThrowIfNull(fused);
        ArgumentNullException.ThrowIfNull(cosine);
        ArgumentNullException.ThrowIfNull(titleCosine);
        var w = double.IsFinite(keywordWeight) ? Math.Clamp(keywordWeight, 0.0, 1.0) : 0.0;
        var t = double.IsFinite(titleWeight) ? Math.Clamp(titleWeight, 0.0, 1.0) : 0.0;
        var n = Math.Clamp(depth, 0, fused.Count);
        if (n == 0 || t == 0)
        {
            return fused;
        }

        var head = fused.Take(n)
            .Select((f, i) => (f.Id, Score: titleCosine.TryGetValue(f.Id, out var title) ? f.Score + ((1 - w) * t * (title - cosine(f.Id))) : f.Score, Order: i))
            .OrderByDescending(f => f.Score)
            .ThenBy(f => f.Order)
            .Select(f => (f.Id, f.Score));
        return head.Concat(fused.Skip(n)).ToList();
    }
}
