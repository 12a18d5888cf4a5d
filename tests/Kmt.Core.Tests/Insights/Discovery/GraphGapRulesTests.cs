using Kmt.Core.Graph;
using Kmt.Core.Insights.Discovery;
using static Kmt.Core.Tests.Insights.Discovery.DiscoveryRulesTests;

namespace Kmt.Core.Tests.Insights.Discovery;

/// <summary>Gaps named by the knowledge graph: entities searched for or read around while few items mention them.</summary>
public sealed class GraphGapRulesTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DiscoveryOptions Options = new();

    [Fact]
    public void An_entity_related_to_what_the_person_reads_more_and_more_but_mentioned_by_one_item_is_a_gap_that_names_the_reads()
    {
        // Rust is read weekly and more often lately; Tokio (related to Rust) is mentioned by one item only.
        var rustItems = Enumerable.Range(0, 6).Select(i => Item("rust" + i, "Rust note " + i, null, AsOf.AddDays(-100), accesses: [.. Reads(i)])).ToList();
        var tokioItem = Item("tokio0", "Tokio intro", null, AsOf.AddDays(-100));
        var graph = Snapshot(
            [Entity("rust", "Rust"), Entity("tokio", "Tokio")],
            [.. rustItems.Select(i => Mentions(i.Id, "rust")), Mentions("tokio0", "tokio"), RelatesTo("rust", "tokio", 4)]);

        var gaps = GapRules.Find(new DiscoveryInput(AsOf, [.. rustItems, tokioItem], []), Options, GapGraph.From(graph, Ids(rustItems, tokioItem)));

        var gap = Assert.Single(gaps, g => g.Topic == "entity:" + GraphIds.Entity("tokio"));
        Assert.Equal("Tokio", gap.Name);
        Assert.Equal(1, gap.Holdings);
        Assert.Equal(["Rust"], gap.RelatedEntities);
        Assert.Empty(gap.Searches);
        Assert.Subset(rustItems.Select(i => i.Id).ToHashSet(), gap.ItemIds.ToHashSet());
        Assert.Contains("“Rust note", gap.Reasoning, StringComparison.Ordinal);
        Assert.Contains("which mention Rust, related to it", gap.Reasoning, StringComparison.Ordinal);
        Assert.InRange(gap.UrgencyScore, 0.01, 1);
        // Each read around it counts half (GapNeighbourWeight at the strongest relation): 6 items' reads over 8 weeks.
        Assert.Equal((int)Math.Round(rustItems.Sum(i => i.Accesses.Count(a => a > AsOf.AddDays(-56))) * Options.GapNeighbourWeight), gap.RecentDemand);
        // Rust itself is read a lot but six items mention it: not thin, no gap.
        Assert.DoesNotContain(gaps, g => g.Topic == "entity:" + GraphIds.Entity("rust"));
    }

    [Fact]
    public void A_searched_term_that_resolves_to_a_thinly_held_entity_is_that_entitys_gap_not_a_term_of_its_own()
    {
        var searches = new[] { 20, 10, 6, 5, 2, 1 }.Select((d, i) => new DiscoverySearch(i % 2 == 0 ? "K8s" : "kubernetes operators", AsOf.AddDays(-d), null)).ToList();
        var held = Item("k1", "Cluster notes", null, AsOf.AddDays(-100));
        var graph = Snapshot([Entity("kubernetes", "Kubernetes")], [Mentions("k1", "kubernetes")]);

        var gaps = GapRules.Find(new DiscoveryInput(AsOf, [held], searches), Options, GapGraph.From(graph, Ids([held])));

        var gap = Assert.Single(gaps, g => g.Topic == "entity:" + GraphIds.Entity("kubernetes"));
        Assert.DoesNotContain(gaps, g => g.Topic == "term:k8s");
        Assert.Equal(6, gap.RecentDemand);
        Assert.Equal(1, gap.Holdings);
        Assert.Equal(["kubernetes operators", "K8s"], gap.Searches);
        Assert.StartsWith("You searched for it (“kubernetes operators”, “K8s”)", gap.Reasoning, StringComparison.Ordinal);

        // Without the graph the same searches are a term gap (and "k8s" another one).
        Assert.All(GapRules.Find(new DiscoveryInput(AsOf, [held], searches), Options), g => Assert.StartsWith("term:", g.Topic, StringComparison.Ordinal));
    }

    [Fact]
    public void A_well_held_entity_or_one_only_its_own_items_are_read_of_is_no_graph_gap()
    {
        var searches = new[] { 10, 5, 2, 1 }.Select(d => new DiscoverySearch("postgres", AsOf.AddDays(-d), null)).ToList();
        var postgres = Enumerable.Range(0, 5).Select(i => Item("pg" + i, "PG " + i, null, AsOf.AddDays(-100))).ToList();
        var lonely = Item("l", "Lonely", null, AsOf.AddDays(-100), accesses: [.. Reads(0)]);
        var graph = Snapshot(
            [Entity("postgresql", "PostgreSQL"), Entity("lonely thing", "Lonely thing")],
            [.. postgres.Select(i => Mentions(i.Id, "postgresql")), Mentions("l", "lonely thing")]);

        var gaps = GraphGapRules.Find(new DiscoveryInput(AsOf, [.. postgres, lonely], searches), GapGraph.From(graph, Ids(postgres, lonely)), Options);

        Assert.Empty(gaps);
    }

    [Fact]
    public void A_community_whose_members_are_searched_while_few_items_mention_them_is_a_gap()
    {
        var searches = new[] { 30, 12, 8, 4, 2, 1 }.Select((d, i) => new DiscoverySearch(i % 2 == 0 ? "lean prover" : "coq proofs", AsOf.AddDays(-d), null)).ToList();
        var held = Item("p1", "Proof notes", null, AsOf.AddDays(-100));
        var graph = Snapshot(
            [Entity("lean", "Lean"), Entity("coq", "Coq"), Community("proofs", "Proof assistants")],
            [Mentions("p1", "lean"), MemberOf("lean", "proofs"), MemberOf("coq", "proofs")]);

        var gaps = GraphGapRules.Find(new DiscoveryInput(AsOf, [held], searches), GapGraph.From(graph, Ids([held])), Options);

        var community = Assert.Single(gaps, g => g.Topic == "community:" + GraphIds.Community("proofs"));
        Assert.Equal("Proof assistants", community.Name);
        Assert.Equal(6, community.RecentDemand);
        Assert.Equal(1, community.Holdings);
        Assert.Contains(gaps, g => g.Topic == "entity:" + GraphIds.Entity("coq") && g.Holdings == 0 && g.RecentDemand == 3);
    }

    [Fact]
    public void The_graph_counts_mentions_of_snapshot_items_only_leaves_merged_entities_out_and_relates_both_ends()
    {
        var merged = Entity("js", "JS") with { MergedIntoId = GraphIds.Entity("javascript") };
        var graph = Snapshot(
            [Entity("javascript", "JavaScript") with { Aliases = ["ecmascript"] }, Entity("node", "Node"), merged],
            [Mentions("a", "javascript"), Mentions("later", "javascript"), Mentions("a", "js"), RelatesTo("javascript", "node", 3)]);

        var built = GapGraph.From(graph, new HashSet<string>(StringComparer.Ordinal) { "a" });

        Assert.Equal(2, built.Entities.Count);
        var js = built.Entities[GraphIds.Entity("javascript")];
        Assert.Equal(["a"], js.ItemIds);
        Assert.Equal(["javascript", "ecmascript"], js.Keys);
        Assert.Equal(3, js.Neighbours[GraphIds.Entity("node")]);
        Assert.Equal(3, built.Entities[GraphIds.Entity("node")].Neighbours[GraphIds.Entity("javascript")]);
        Assert.True(GraphGapRules.Resolves("EcmaScript", js.Keys));
        Assert.True(GraphGapRules.Resolves("modern javascript patterns", js.Keys));
        Assert.False(GraphGapRules.Resolves("javascripting", js.Keys));
    }

    /// <summary>Reads that grow towards as-of: item i is read in the last (i + 1) weeks, twice in the latest.</summary>
    private static IEnumerable<DateTimeOffset> Reads(int i) =>
        Enumerable.Range(0, i + 1).Select(w => AsOf.AddDays(-(7 * w) - 1)).Append(AsOf.AddDays(-2));

    private static HashSet<string> Ids(IEnumerable<DiscoveryItem> items, params DiscoveryItem[] more) =>
        items.Concat(more).Select(i => i.Id).ToHashSet(StringComparer.Ordinal);

    internal static GraphSnapshot Snapshot(IReadOnlyList<GraphVertex> vertices, IReadOnlyList<GraphEdge> edges) => new(vertices, edges, false);

    internal static GraphVertex Entity(string key, string name) => new()
    {
        Id = GraphIds.Entity(key), UserId = "u1", Kind = GraphVertexKinds.Entity, Name = name, NormalizedName = key,
        ValidFrom = AsOf.AddDays(-200), RecordedAt = AsOf.AddDays(-200), UpdatedAt = AsOf.AddDays(-200),
    };

    private static GraphVertex Community(string key, string name) => Entity(key, name) with { Id = GraphIds.Community(key), Kind = GraphVertexKinds.Community, NormalizedName = null };

    internal static GraphEdge Mentions(string itemId, string entityKey) => Edge(GraphEdgeLabels.Mentions, itemId, GraphIds.Entity(entityKey), 1);

    private static GraphEdge RelatesTo(string a, string b, double weight) => Edge(GraphEdgeLabels.RelatesTo, GraphIds.Entity(a), GraphIds.Entity(b), weight);

    private static GraphEdge MemberOf(string entityKey, string communityKey) => Edge(GraphEdgeLabels.MemberOf, GraphIds.Entity(entityKey), GraphIds.Community(communityKey), 1);

    private static GraphEdge Edge(string label, string from, string to, double weight) => new()
    {
        Id = GraphIds.Edge(label, from, to, AsOf.AddDays(-200)), UserId = "u1", Label = label, FromId = from, ToId = to, Weight = weight, Count = 1,
        ValidFrom = AsOf.AddDays(-200), RecordedAt = AsOf.AddDays(-200), UpdatedAt = AsOf.AddDays(-200),
    };
}
