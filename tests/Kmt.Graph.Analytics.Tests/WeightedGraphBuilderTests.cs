using Kmt.Graph.Analytics;

namespace Kmt.Graph.Analytics.Tests;

public sealed class WeightedGraphBuilderTests
{
    [Fact]
    public void Nodes_are_numbered_in_order_of_first_appearance_and_rows_are_sorted()
    {
        var g = new WeightedGraphBuilder().AddEdge("c", "a", 1).AddEdge("a", "b", 2).AddEdge("b", "c", 3).Build();
        Assert.Equal(["c", "a", "b"], Enumerable.Range(0, 3).Select(g.IdOf));
        Assert.Equal(3, g.EdgeCount);
        Assert.Equal(6, g.TotalWeight);
        var row = g.Targets[g.Offsets[0]..g.Offsets[1]];
        Assert.Equal([1, 2], row);
        Assert.Equal(-1, g.IndexOf("zzz"));
    }

    [Fact]
    public void Repeated_pairs_sum_by_default_and_last_wins_on_request()
    {
        var builder = new WeightedGraphBuilder().AddEdge("a", "b", 1).AddEdge("b", "a", 2.5).AddEdge("a", "b", 4);
        var summed = builder.Build();
        Assert.Equal(1, summed.EdgeCount);
        Assert.Equal(7.5, summed.EdgeWeight(0, 1));
        Assert.Equal(7.5, summed.EdgeWeight(1, 0));
        var last = builder.Build(DuplicateEdgePolicy.Last);
        Assert.Equal(4, last.EdgeWeight(0, 1));
        Assert.Equal(4, last.EdgeWeight(1, 0));
    }

    [Fact]
    public void A_self_loop_is_stored_once_and_counts_twice_in_weighted_degree()
    {
        var g = new WeightedGraphBuilder().AddEdge("a", "a", 2).AddEdge("a", "b", 1).Build();
        Assert.Equal(2, g.EdgeCount);
        Assert.Equal(2, g.Degree(0));
        Assert.Equal(5, g.WeightedDegree(0));
        Assert.Equal(3, g.TotalWeight);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Invalid_weights_are_refused(double weight)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WeightedGraphBuilder().AddEdge("a", "b", weight));
    }

    [Fact]
    public void The_empty_graph_gives_empty_answers_everywhere()
    {
        var g = WeightedGraph.Empty;
        Assert.Equal(0, g.NodeCount);
        Assert.Empty(PageRank.Compute(g).Scores);
        var communities = Louvain.Detect(g);
        Assert.Empty(communities.Membership);
        Assert.Equal(0, communities.Modularity);
        Assert.Empty(Betweenness.Compute(g));
        Assert.Empty(Betweenness.SampleSources(g, 200, 1));
        Assert.Empty(ShortestPaths.HopDistances(g, []));
        Assert.Equal(0, Modularity.Compute(g, []));
    }
}
