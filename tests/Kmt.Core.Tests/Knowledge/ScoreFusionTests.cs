using Kmt.Core.Knowledge.Search;

namespace Kmt.Core.Tests.Knowledge;

public sealed class ScoreFusionTests
{
    [Fact]
    public void Score_margins_decide_where_ranks_alone_would_tie()
    {
        // Rank fusion ties a and b (first and second in opposite rankings) and keeps a; the scores say b: its
        // keyword score is nearly a's, its similarity far higher.
        (string, double)[] keyword = [("a", 10.0), ("b", 9.5)];
        (string, double)[] semantic = [("b", 0.8), ("a", 0.3)];

        var fused = ScoreFusion.Fuse(keyword, semantic, keywordWeight: 0.2);

        Assert.Equal(["a", "b"], SearchFusion.Fuse(60, (["a", "b"], 1.0), (["b", "a"], 1.0)).Select(f => f.Id));
        Assert.Equal(["b", "a"], fused.Select(f => f.Id));
        Assert.Equal((0.2 * 0.95) + (0.8 * 0.8), fused[0].Score, 12);
        Assert.Equal((0.2 * 1.0) + (0.8 * 0.3), fused[1].Score, 12);
    }

    [Fact]
    public void Keyword_scores_are_divided_by_the_best_so_their_scale_does_not_matter()
    {
        (string, double)[] semantic = [("c", 0.6), ("a", 0.5)];

        var small = ScoreFusion.Fuse([("a", 2.0), ("b", 1.0)], semantic, 0.5);
        var large = ScoreFusion.Fuse([("a", 200.0), ("b", 100.0)], semantic, 0.5);

        Assert.Equal(small.Select(f => f.Id), large.Select(f => f.Id));
        Assert.Equal(small.Select(f => f.Score), large.Select(f => f.Score));
        Assert.Equal((0.5 * 1.0) + (0.5 * 0.5), small.Single(f => f.Id == "a").Score, 12);
    }

    [Fact]
    public void An_item_without_a_similarity_gets_the_lowest_one_of_the_semantic_ranking_or_the_given_floor()
    {
        // "pending" has no vectors yet: found by its words, as close as the least similar semantic candidate.
        (string, double)[] keyword = [("pending", 4.0)];
        (string, double)[] semantic = [("x", 0.6), ("y", 0.5)];

        var fused = ScoreFusion.Fuse(keyword, semantic, 0.2);
        var floored = ScoreFusion.Fuse(keyword, semantic, 0.2, floor: 0.1);

        Assert.Equal(["pending", "x", "y"], fused.Select(f => f.Id));
        Assert.Equal(0.2 + (0.8 * 0.5), fused[0].Score, 12);
        Assert.Equal(0.2 + (0.8 * 0.1), floored.Single(f => f.Id == "pending").Score, 12);
        Assert.Equal(0.8 * 0.6, fused[1].Score, 12);
    }

    [Fact]
    public void A_keyword_ranking_without_positive_scores_counts_by_reciprocal_rank()
    {
        var fused = ScoreFusion.Fuse([("a", 0.0), ("b", 0.0)], [], 1.0);

        Assert.Equal([("a", 1.0), ("b", 0.5)], fused);
    }

    [Fact]
    public void Each_side_alone_keeps_its_order_and_ties_keep_the_first_appearance()
    {
        Assert.Equal(["b", "a"], ScoreFusion.Fuse([], [("b", 0.7), ("a", 0.4)], 0.2).Select(f => f.Id));
        Assert.Equal(["a", "b"], ScoreFusion.Fuse([("a", 3.0), ("b", 3.0)], [], 0.2).Select(f => f.Id));
    }
}
