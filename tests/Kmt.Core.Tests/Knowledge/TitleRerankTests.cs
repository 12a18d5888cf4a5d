using Kmt.Core.Knowledge.Search;

namespace Kmt.Core.Tests.Knowledge;

public sealed class TitleRerankTests
{
    private static readonly Dictionary<string, double> Cosines = new(StringComparer.Ordinal) { ["a"] = 0.5, ["b"] = 0.5, ["c"] = 0.4 };

    [Fact]
    public void A_title_close_to_the_query_lifts_its_item_within_the_depth()
    {
        (string, double)[] fused = [("a", 0.60), ("b", 0.59), ("c", 0.30)];
        var titles = new Dictionary<string, double> { ["a"] = 0.1, ["b"] = 0.9, ["c"] = 1.0 };

        var reranked = TitleRerank.Apply(fused, id => Cosines[id], titles, keywordWeight: 0.2, titleWeight: 0.1, depth: 2);

        // b: 0.59 + 0.8 * 0.1 * (0.9 - 0.5); a: 0.60 + 0.8 * 0.1 * (0.1 - 0.5). c is past the depth: unchanged.
        Assert.Equal(["b", "a", "c"], reranked.Select(r => r.Id));
        Assert.Equal(0.59 + (0.08 * 0.4), reranked[0].Score, 12);
        Assert.Equal(0.60 - (0.08 * 0.4), reranked[1].Score, 12);
        Assert.Equal(0.30, reranked[2].Score, 12);
    }

    [Fact]
    public void Without_a_title_vector_or_weight_the_fusion_stands()
    {
        (string, double)[] fused = [("a", 0.60), ("b", 0.59)];

        Assert.Equal(["a", "b"], TitleRerank.Apply(fused, id => Cosines[id], new Dictionary<string, double>(), 0.2, 0.1, 10).Select(r => r.Id));
        Assert.Equal(fused, TitleRerank.Apply(fused, id => Cosines[id], new Dictionary<string, double> { ["b"] = 1.0 }, 0.2, 0.0, 10));
    }
}
