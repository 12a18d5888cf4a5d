using Kmt.Graph.Analytics;

namespace Kmt.Graph.Analytics.Tests;

public sealed class ShortestPathsTests
{
    // a-b-d is two hops of weak links; a-c-e-d three hops of strong ones.
    private static WeightedGraph Diamond() => new WeightedGraphBuilder()
        .AddEdge("a", "b", 0.1).AddEdge("b", "d", 0.1)
        .AddEdge("a", "c", 5).AddEdge("c", "e", 5).AddEdge("e", "d", 5)
        .AddEdge("x", "y", 1)
        .Build();

    [Fact]
    public void Hop_path_takes_the_fewest_edges()
    {
        var g = Diamond();
        var path = ShortestPaths.HopPath(g, g.IndexOf("a"), g.IndexOf("d"));
        Assert.NotNull(path);
        Assert.Equal(["a", "b", "d"], path.Nodes.Select(g.IdOf));
        Assert.Equal(2, path.Cost);
    }

    [Fact]
    public void Inverse_weight_path_prefers_strong_relationships()
    {
        var g = Diamond();
        var path = ShortestPaths.WeightedPath(g, g.IndexOf("a"), g.IndexOf("d"));
        Assert.NotNull(path);
        Assert.Equal(["a", "c", "e", "d"], path.Nodes.Select(g.IdOf));
        Assert.Equal(0.6, path.Cost, 12);
        Assert.Equal(3, path.Hops);
    }

    [Fact]
    public void Weight_as_length_prefers_light_edges()
    {
        var g = Diamond();
        var path = ShortestPaths.WeightedPath(g, g.IndexOf("a"), g.IndexOf("d"), EdgeCost.Weight);
        Assert.NotNull(path);
        Assert.Equal(["a", "b", "d"], path.Nodes.Select(g.IdOf));
        Assert.Equal(0.2, path.Cost, 12);
    }

    [Fact]
    public void Zero_weight_edges_are_not_walked_by_weighted_searches_but_count_as_hops()
    {
        var g = new WeightedGraphBuilder().AddEdge("a", "b", 0).Build();
        Assert.Null(ShortestPaths.WeightedPath(g, 0, 1));
        Assert.Equal(1, ShortestPaths.HopPath(g, 0, 1)!.Hops);
    }

    [Fact]
    public void Unreachable_and_unknown_pairs_are_minus_one()
    {
        var g = Diamond();
        var distances = ShortestPaths.HopDistances(g, [(g.IndexOf("a"), g.IndexOf("x")), (g.IndexOf("a"), -1), (g.IndexOf("a"), g.IndexOf("a")), (g.IndexOf("x"), g.IndexOf("y"))]);
        Assert.Equal([-1, -1, 0, 1], distances);
        Assert.Null(ShortestPaths.HopPath(g, g.IndexOf("a"), g.IndexOf("y")));
        Assert.Null(ShortestPaths.WeightedPath(g, g.IndexOf("a"), g.IndexOf("y")));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShortestPaths.HopPath(g, 0, 99));
    }

    [Fact]
    public void Neighbourhood_stops_at_k_hops_and_at_the_limit()
    {
        var g = Diamond();
        var a = g.IndexOf("a");
        var one = ShortestPaths.Neighbourhood(g, a, 1);
        Assert.Equal([("a", 0), ("b", 1), ("c", 1)], one.Select(n => (g.IdOf(n.Node), n.Hops)));
        var two = ShortestPaths.Neighbourhood(g, a, 2);
        Assert.Equal(["a", "b", "c", "d", "e"], two.Select(n => g.IdOf(n.Node)).Order());
        Assert.Equal(2, two.Single(n => g.IdOf(n.Node) == "d").Hops);
        Assert.Single(ShortestPaths.Neighbourhood(g, a, 0));
        Assert.Equal(3, ShortestPaths.Neighbourhood(g, a, 5, limit: 3).Count);
    }
}
