using Kmt.Core.Graph.Connections;
using Kmt.Core.Tests.Fakes;

namespace Kmt.Core.Tests.Graph.Connections;

public sealed class ConnectionScoringTests
{
    private static readonly ConnectionOptions Options = new();

    private static ConnectionGraphs Graph() => new("u1", TestSupport.Start);

    [Fact]
    public void Shared_entities_and_tags_add_weight_over_the_log_of_their_degree_rarest_evidence_first()
    {
        // a and b share a rare entity (2 items) and a tag on three items; c shares only the tag.
        var snapshot = Graph().Item("a", "A").Item("b", "B").Item("c", "C")
            .Entity("e1", "Kubernetes").Tag("t1", "ops")
            .Mentions("a", "e1").Mentions("b", "e1")
            .Tagged("a", "t1").Tagged("b", "t1").Tagged("c", "t1")
            .Build();

        var candidates = ConnectionScoring.GraphCandidates(snapshot, Options).Top(int.MaxValue);

        Assert.Equal(["a\nb", "a\nc", "b\nc"], candidates.Select(c => c.Key));
        var ab = candidates[0];
        Assert.Equal((1.0 / Math.Log(2)) + (0.5 / Math.Log(3)), ab.AdamicAdar, 12);
        Assert.Equal(["Kubernetes"], ab.SharedEntities);
        Assert.Equal(["ops"], ab.SharedTags);
        Assert.Equal(0.5 / Math.Log(3), candidates[1].AdamicAdar, 12);
        Assert.Empty(candidates[1].SharedEntities);
    }

    [Fact]
    public void A_rarer_entity_is_stronger_evidence_than_a_common_one()
    {
        var snapshot = Graph().Item("a", "A").Item("b", "B").Item("c", "C").Item("d", "D")
            .Entity("e1", "Common").Entity("e2", "Rare")
            .Mentions("a", "e1").Mentions("b", "e1").Mentions("c", "e1").Mentions("d", "e1")
            .Mentions("a", "e2").Mentions("b", "e2")
            .Build();

        var ab = ConnectionScoring.GraphCandidates(snapshot, Options).Top(1)[0];

        Assert.Equal("a\nb", ab.Key);
        Assert.Equal(["Rare", "Common"], ab.SharedEntities);
    }

    [Fact]
    public void Linked_pairs_either_way_closed_edges_merged_entities_and_hubs_suggest_nothing()
    {
        var options = new ConnectionOptions { MaxSharedDegree = 3 };
        var snapshot = Graph().Item("a", "A").Item("b", "B").Item("c", "C").Item("d", "D").Item("x", "X").Item("y", "Y")
            .Entity("e1", "Linked").Mentions("a", "e1").Mentions("b", "e1").LinksTo("b", "a")
            .Entity("e2", "Closed").Mentions("c", "e2").Mentions("d", "e2", closed: true)
            .Entity("e3", "Merged", mergedInto: "e1").Mentions("c", "e3").Mentions("x", "e3")
            .Tag("t1", "hub").Tagged("a", "t1").Tagged("b", "t1").Tagged("c", "t1").Tagged("d", "t1")
            .Entity("e4", "Kept").Mentions("x", "e4").Mentions("y", "e4")
            .Build();

        var candidates = ConnectionScoring.GraphCandidates(snapshot, options).Top(int.MaxValue);

        Assert.Equal(["x\ny"], candidates.Select(c => c.Key));
    }

    [Fact]
    public void The_enumeration_budget_bounds_the_pairs_counted()
    {
        var graph = Graph().Entity("e1", "E");
        foreach (var i in Enumerable.Range(0, 10))
        {
            graph.Item($"i{i}", $"I{i}").Mentions($"i{i}", "e1");
        }

        Assert.Equal(45, ConnectionScoring.GraphCandidates(graph.Build(), Options).Count);
        Assert.Equal(7, ConnectionScoring.GraphCandidates(graph.Build(), new ConnectionOptions { MaxPairsEnumerated = 7 }).Count);
    }

    [Fact]
    public void Under_the_budget_the_rarest_shared_neighbours_are_counted_first()
    {
        var snapshot = Graph().Item("a", "A").Item("b", "B").Item("c", "C").Item("d", "D")
            .Entity("e0", "Common").Mentions("a", "e0").Mentions("b", "e0").Mentions("c", "e0").Mentions("d", "e0")
            .Entity("e9", "Rare").Mentions("c", "e9").Mentions("d", "e9")
            .Build();

        var counted = ConnectionScoring.GraphCandidates(snapshot, new ConnectionOptions { MaxPairsEnumerated = 1 });

        var only = Assert.Single(counted.Top(10));
        Assert.Equal("c\nd", only.Key);
        Assert.Equal(["Rare"], only.SharedEntities);
        Assert.Null(counted.Find("a", "b"));
        Assert.Equal(only.Key, counted.Find("d", "c")!.Key);
    }

    [Theory]
    [InlineData(0.0, null, 0.0)]
    [InlineData(1.0, null, 0.3)] // graph 0.5 × weight 0.6
    [InlineData(0.0, 1.0, 0.4)] // similarity 1 × weight 0.4
    [InlineData(0.0, 0.2, 0.0)] // at the floor
    [InlineData(0.0, -0.5, 0.0)]
    [InlineData(0.0, 0.6, 0.2)] // (0.6 − 0.2) / 0.8 = 0.5, × 0.4
    [InlineData(3.0, 0.6, 0.65)] // 0.6 × 0.75 + 0.4 × 0.5
    public void The_score_is_the_weighted_mean_of_graph_and_similarity_scores(double adamicAdar, double? cosine, double expected)
    {
        Assert.Equal(expected, ConnectionScoring.Combine(adamicAdar, cosine, Options), 12);
    }

    [Fact]
    public void Scores_stay_within_zero_and_one()
    {
        foreach (var aa in new[] { 0, 0.1, 1, 10, 1e9 })
        {
            foreach (var cos in new double?[] { null, -1, 0, 0.5, 1, double.NaN })
            {
                var score = ConnectionScoring.Combine(aa, cos, Options);
                Assert.InRange(score, 0, 1);
            }
        }

        Assert.True(ConnectionScoring.GraphScore(2, Options) > ConnectionScoring.GraphScore(1, Options));
        Assert.Equal(0, ConnectionScoring.Combine(5, 1, new ConnectionOptions { GraphWeight = 0, SimilarityWeight = 0 }));
    }
}
