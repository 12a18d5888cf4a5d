namespace Kmt.Core.Knowledge.Search;

/// <summary>
/// Weighted reciprocal rank fusion (Cormack, Clarke and Büttcher, SIGIR 2009): an item's score is the sum over
/// the rankings that hold it of weight / (k + rank), rank counted from 1. Ranks only, so BM25's unbounded
/// scores and cosine similarities need no common scale. Ties keep the order of first appearance (keyword first).
/// </summary>
public static class SearchFusion
{
    public static IReadOnlyList<(string Id, double Score)> Fuse(int rankConstant, params (IReadOnlyList<string> Ranking, double Weight)[] rankings)
    {
        ArgumentNullException.ThrowIfNull(rankings);
        var scores = new Dictionary<string, (double Score, int First)>(StringComparer.Ordinal);
        var order = 0;
        foreach (var (ranking, weight) in rankings)
        {
            for (var i = 0; i < ranking.Count; i++)
            {
                var add = weight / (rankConstant + i + 1);
                scores[ranking[i]] = scores.TryGetValue(ranking[i], out var current)
                    ? (current.Score + add, current.First)
                    : (add, order++);
            }
        }

        return scores.OrderByDescending(p => p.Value.Score).ThenBy(p => p.Value.First).Select(p => (p.Key, p.Value.Score)).ToList();
    }
}
