using Kmt.Graph.Analytics;

namespace Kmt.Graph.Analytics.Tests;

/// <summary>KMT's answers against NetworkX's on the committed fixtures (karate club, Les Misérables, edge cases).</summary>
public sealed class NetworkXParityTests
{
    public static IEnumerable<object[]> Cases => NetworkXFixture.Names;

    [Theory]
    [MemberData(nameof(Cases))]
    public void PageRank_matches_networkx(string name)
    {
        var f = NetworkXFixture.Get(name);
        var expected = f.PerNode("pagerank");
        var actual = PageRank.Compute(f.Graph).Scores;
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-12, $"{name} {f.Graph.IdOf(i)}: {actual[i]} vs {expected[i]}");
        }

        Assert.Equal(1.0, actual.Sum(), 9);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Exact_betweenness_matches_networkx_normalised_and_raw(string name)
    {
        var f = NetworkXFixture.Get(name);
        AssertClose(f, f.PerNode("betweenness"), Betweenness.Compute(f.Graph));
        AssertClose(f, f.PerNode("betweenness_raw"), Betweenness.Compute(f.Graph, new BetweennessOptions { Normalized = false }));
    }

    [Theory]
    [InlineData("karate")]
    [InlineData("lesmis")]
    [InlineData("ties")]
    public void Weighted_betweenness_matches_networkx(string name)
    {
        var f = NetworkXFixture.Get(name);
        Assert.True(f.Has("betweenness_weighted"));
        AssertClose(f, f.PerNode("betweenness_weighted"), Betweenness.Compute(f.Graph, new BetweennessOptions { Cost = EdgeCost.Weight }));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Hop_distances_and_paths_match_networkx_for_every_pair(string name)
    {
        var f = NetworkXFixture.Get(name);
        var g = f.Graph;
        var pairs = new List<(int, int)>();
        for (var s = 0; s < g.NodeCount; s++)
        {
            for (var t = 0; t < g.NodeCount; t++)
            {
                pairs.Add((s, t));
            }
        }

        var distances = ShortestPaths.HopDistances(g, pairs);
        for (var p = 0; p < pairs.Count; p++)
        {
            var (s, t) = pairs[p];
            var expected = f.Hops(g.IdOf(s), g.IdOf(t));
            Assert.Equal(expected, distances[p]);
            var path = ShortestPaths.HopPath(g, s, t);
            if (expected < 0)
            {
                Assert.Null(path);
                continue;
            }

            Assert.NotNull(path);
            Assert.Equal(expected, path.Hops);
            Assert.Equal(s, path.Nodes[0]);
            Assert.Equal(t, path.Nodes[^1]);
            for (var i = 1; i < path.Nodes.Length; i++)
            {
                Assert.NotNull(g.EdgeWeight(path.Nodes[i - 1], path.Nodes[i]));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Modularity_of_a_partition_matches_networkx_and_louvain_is_at_least_as_good(string name)
    {
        var f = NetworkXFixture.Get(name);
        if (!f.Has("partition"))
        {
            return;
        }

        var membership = new int[f.Graph.NodeCount];
        var c = 0;
        foreach (var community in f.Root.GetProperty("partition").EnumerateArray())
        {
            foreach (var node in community.EnumerateArray())
            {
                membership[f.Graph.IndexOf(node.GetString()!)] = c;
            }

            c++;
        }

        Assert.Equal(f.Root.GetProperty("partition_modularity").GetDouble(), Modularity.Compute(f.Graph, membership), 12);
        var louvain = Louvain.Detect(f.Graph);
        var networkx = f.Root.GetProperty("louvain_modularity").GetDouble();
        Assert.True(louvain.Modularity >= networkx - (0.02 * Math.Abs(networkx)), $"{name}: {louvain.Modularity} vs NetworkX {networkx}");
        Assert.Equal(Modularity.Compute(f.Graph, louvain.Membership), louvain.Modularity, 12);
    }

    private static void AssertClose(NetworkXFixture f, double[] expected, double[] actual)
    {
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-12, $"{f.Name} {f.Graph.IdOf(i)}: {actual[i]} vs {expected[i]}");
        }
    }
}
