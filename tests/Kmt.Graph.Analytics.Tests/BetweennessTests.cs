using Kmt.Graph.Analytics;

namespace Kmt.Graph.Analytics.Tests;

public sealed class BetweennessTests
{
    [Fact]
    public void The_middle_of_a_path_lies_on_every_shortest_path()
    {
        var g = new WeightedGraphBuilder().AddEdge("a", "b").AddEdge("b", "c").Build();
        var bc = Betweenness.Compute(g);
        Assert.Equal([0.0, 1.0, 0.0], bc);
        Assert.Equal([0.0, 1.0, 0.0], Betweenness.Compute(g, new BetweennessOptions { Normalized = false }));
    }

    [Fact]
    public void Sampled_sources_are_reproducible_distinct_and_in_range()
    {
        var b = new WeightedGraphBuilder();
        for (var i = 0; i < 1000; i++)
        {
            b.AddEdge($"n{i}", $"n{(i + 1) % 1000}");
        }

        var g = b.Build();
        var first = Betweenness.SampleSources(g, 200, 42);
        Assert.Equal(first, Betweenness.SampleSources(g, 200, 42));
        Assert.NotEqual(first, Betweenness.SampleSources(g, 200, 43));
        Assert.Equal(200, first.Distinct().Count());
        Assert.All(first, s => Assert.InRange(s, 0, 999));
        Assert.Equal(1000, Betweenness.SampleSources(g, 5000, 1).Length);
    }

    [Fact]
    public void Sampling_every_node_equals_the_exact_answer()
    {
        var f = NetworkXFixture.Get("karate");
        var all = Betweenness.SampleSources(f.Graph, f.Graph.NodeCount, 5);
        var sampled = Betweenness.Compute(f.Graph, new BetweennessOptions { Sources = all });
        var exact = Betweenness.Compute(f.Graph);
        for (var i = 0; i < exact.Length; i++)
        {
            Assert.Equal(exact[i], sampled[i], 12);
        }
    }

    [Fact]
    public void Sampled_scores_are_scaled_by_n_over_k()
    {
        // Path a-b-c-d-e from the single source a: b, c, d each get 1 raw dependency... scaled by n/k = 5.
        var g = new WeightedGraphBuilder().AddEdge("a", "b").AddEdge("b", "c").AddEdge("c", "d").AddEdge("d", "e").Build();
        var bc = Betweenness.Compute(g, new BetweennessOptions { Sources = [0], Normalized = false });
        // From a: delta(b) = 3, delta(c) = 2, delta(d) = 1; unnormalised halves; n/k = 5.
        Assert.Equal([0.0, 7.5, 5.0, 2.5, 0.0], bc);
    }

    [Fact]
    public void An_unknown_source_is_refused()
    {
        var g = new WeightedGraphBuilder().AddEdge("a", "b").Build();
        Assert.Throws<ArgumentOutOfRangeException>(() => Betweenness.Compute(g, new BetweennessOptions { Sources = [5] }));
    }
}
