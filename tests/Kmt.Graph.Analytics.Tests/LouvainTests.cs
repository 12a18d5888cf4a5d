using Kmt.Graph.Analytics;

namespace Kmt.Graph.Analytics.Tests;

public sealed class LouvainTests
{
    private static WeightedGraph TwoCliquesWithABridge()
    {
        var b = new WeightedGraphBuilder();
        foreach (var prefix in new[] { "a", "b" })
        {
            for (var i = 0; i < 5; i++)
            {
                for (var j = i + 1; j < 5; j++)
                {
                    b.AddEdge($"{prefix}{i}", $"{prefix}{j}", 2);
                }
            }
        }

        b.AddEdge("a0", "b0", 0.5);
        return b.Build();
    }

    [Fact]
    public void Two_cliques_joined_by_a_weak_bridge_are_two_communities()
    {
        var g = TwoCliquesWithABridge();
        var result = Louvain.Detect(g);
        Assert.Equal(2, result.CommunityCount);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(result.Membership[g.IndexOf("a0")], result.Membership[g.IndexOf($"a{i}")]);
            Assert.Equal(result.Membership[g.IndexOf("b0")], result.Membership[g.IndexOf($"b{i}")]);
        }

        Assert.NotEqual(result.Membership[g.IndexOf("a0")], result.Membership[g.IndexOf("b0")]);
        // Hand-computed: m = 40.5, each clique has L_c = 20 and d_c = 40.5.
        Assert.Equal((2 * 20 / 40.5) - (2 * 0.25), result.Modularity, 12);
    }

    [Fact]
    public void The_same_seed_gives_the_same_partition()
    {
        var b = new WeightedGraphBuilder();
        for (var i = 0; i < 400; i++)
        {
            b.AddEdge($"n{i}", $"n{(i * 17 + 3) % 400}", 1 + (i % 3));
            b.AddEdge($"n{i}", $"n{(i + 1) % 400}", 1);
        }

        var g = b.Build();
        var first = Louvain.Detect(g, new LouvainOptions { Seed = 9 });
        var second = Louvain.Detect(g, new LouvainOptions { Seed = 9 });
        Assert.Equal(first.Membership, second.Membership);
        Assert.Equal(first.Modularity, second.Modularity);
    }

    [Fact]
    public void Disconnected_components_never_share_a_community()
    {
        var g = new WeightedGraphBuilder().AddEdge("a", "b").AddEdge("b", "c").AddEdge("x", "y").AddEdge("y", "z").Build();
        var result = Louvain.Detect(g);
        Assert.NotEqual(result.Membership[g.IndexOf("a")], result.Membership[g.IndexOf("x")]);
        Assert.Equal(2, result.CommunityCount);
    }

    [Fact]
    public void A_graph_without_weight_stays_in_singletons_with_modularity_zero()
    {
        var g = new WeightedGraphBuilder().AddEdge("a", "b", 0).AddEdge("b", "c", 0).Build();
        var result = Louvain.Detect(g);
        Assert.Equal(3, result.CommunityCount);
        Assert.Equal(0, result.Modularity);
    }

    [Fact]
    public void Modularity_refuses_a_membership_of_the_wrong_length()
    {
        var g = TwoCliquesWithABridge();
        Assert.Throws<ArgumentException>(() => Modularity.Compute(g, new int[3]));
    }
}
