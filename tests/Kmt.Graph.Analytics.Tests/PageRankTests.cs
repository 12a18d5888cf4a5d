using Kmt.Graph.Analytics;

namespace Kmt.Graph.Analytics.Tests;

public sealed class PageRankTests
{
    [Fact]
    public void A_single_edge_splits_the_score_evenly()
    {
        var scores = PageRank.Compute(new WeightedGraphBuilder().AddEdge("a", "b", 3).Build()).Scores;
        Assert.Equal(0.5, scores[0], 12);
        Assert.Equal(0.5, scores[1], 12);
    }

    [Fact]
    public void Isolated_nodes_only_is_uniform()
    {
        var builder = new WeightedGraphBuilder();
        builder.AddNode("a");
        builder.AddNode("b");
        builder.AddNode("c");
        builder.AddNode("d");
        var result = PageRank.Compute(builder.Build());
        Assert.All(result.Scores, s => Assert.Equal(0.25, s, 12));
    }

    [Fact]
    public void Hand_computed_star_with_a_dangling_node()
    {
        // Star centre c with leaves x, y and an isolated node z (dangling). Stationary solution of
        // x' = 0.85 (x A + x_z / 4) + 0.15 / 4 solved by hand:
        // leaves l, centre c, dangling z: c = 0.85 (2l + z/4) + 0.0375, l = 0.85 (c/2 + z/4) + 0.0375,
        // z = 0.85 z/4 + 0.0375 → z = 0.0375 / 0.7875.
        var builder = new WeightedGraphBuilder().AddEdge("c", "x").AddEdge("c", "y");
        builder.AddNode("z");
        var scores = PageRank.Compute(builder.Build(), new PageRankOptions { Tolerance = 1e-12, MaxIterations = 1000 }).Scores;
        var z = 0.0375 / 0.7875;
        var rest = (0.85 * z / 4) + 0.0375;
        // l = 0.85 c/2 + rest, c = 1.7 l + rest → l = (0.85 rest / 2 + rest) / (1 - 0.85 * 1.7 / 2)
        var l = ((0.85 * rest / 2) + rest) / (1 - (0.85 * 1.7 / 2));
        var c = (1.7 * l) + rest;
        Assert.Equal(c, scores[0], 9);
        Assert.Equal(l, scores[1], 9);
        Assert.Equal(l, scores[2], 9);
        Assert.Equal(z, scores[3], 9);
        Assert.Equal(1.0, scores.Sum(), 9);
    }

    [Fact]
    public void Heavier_edges_pass_more_score()
    {
        var g = new WeightedGraphBuilder().AddEdge("hub", "heavy", 10).AddEdge("hub", "light", 1).Build();
        var scores = PageRank.Compute(g).Scores;
        Assert.True(scores[g.IndexOf("heavy")] > scores[g.IndexOf("light")]);
    }

    [Fact]
    public void The_parallel_path_gives_the_same_scores_as_the_serial_one()
    {
        var builder = new WeightedGraphBuilder();
        for (var i = 0; i < 500; i++)
        {
            builder.AddEdge($"n{i}", $"n{(i * 37 + 11) % 500}", 1 + (i % 5));
        }

        var g = builder.Build();
        var serial = PageRank.Compute(g, new PageRankOptions { ParallelThreshold = int.MaxValue }).Scores;
        var parallel = PageRank.Compute(g, new PageRankOptions { ParallelThreshold = 1 }).Scores;
        for (var i = 0; i < serial.Length; i++)
        {
            Assert.Equal(serial[i], parallel[i], 15);
        }
    }

    [Fact]
    public void Not_converging_within_the_iteration_limit_is_an_error()
    {
        var g = new WeightedGraphBuilder().AddEdge("a", "b").AddEdge("b", "c").AddEdge("c", "d").Build();
        Assert.Throws<InvalidOperationException>(() => PageRank.Compute(g, new PageRankOptions { MaxIterations = 1, Tolerance = 1e-12 }));
    }
}
