using Kmt.Storage.Gremlin.Errors;
using Kmt.Storage.Gremlin.Results;
using Kmt.Storage.Gremlin.Scripts;

namespace Kmt.Storage.Gremlin.Tests;

/// <summary>
/// The test endpoint's Gremlin subset (tests/Kmt.Testing.Gremlin/README.md), exercised the way a partitioned
/// bi-temporal graph store would use it, through the client and the builder. Each test has its own partition.
/// </summary>
public sealed class TestEndpointSubsetTests : IClassFixture<GremlinServerFixture>
{
    private readonly GremlinServerFixture _fixture;
    private readonly string _pk = "user-" + Guid.NewGuid();

    public TestEndpointSubsetTests(GremlinServerFixture fixture) => _fixture = fixture;

    private GremlinVertexKey K(string id) => new(_pk, id);

    private async Task<IReadOnlyList<object?>> Run(Func<GremlinScriptBuilder, GremlinTraversal> build)
    {
        var b = TestVocabulary.Builder();
        return (await _fixture.Client.SubmitAsync(b.Build(build(b)))).Items;
    }

    private Task Vertex(string label, string id, string name) =>
        Run(b => b.G().AddV(label).PropertyId(id).Property("pk", _pk).Property("name", name));

    private Task Edge(string label, string from, string to, long validFrom, long validTo, double weight = 1) =>
        Run(b => b.G().V(K(from)).AddE(label).To(b.Anonymous().V(K(to)))
            .Property("valid_from", validFrom).Property("valid_to", validTo).Property("recorded_at", validFrom).Property("weight", weight));

    private async Task Seed()
    {
        await Vertex("item", "i1", "note one");
        await Vertex("item", "i2", "note two");
        await Vertex("entity", "k8s", "Kubernetes");
        await Vertex("entity", "docker", "Docker");
        await Edge("mentions", "i1", "k8s", 10, long.MaxValue, 3);
        await Edge("mentions", "i1", "docker", 10, 20, 1);
        await Edge("mentions", "i2", "k8s", 15, long.MaxValue, 2);
    }

    [Fact]
    public async Task As_of_queries_filter_edges_by_valid_time()
    {
        await Seed();
        GremlinTraversal AsOf(GremlinScriptBuilder b, long t) => b.G().V(K("i1")).OutE("mentions")
            .Has("valid_from", GremlinPredicate.Lte(t)).Has("valid_to", GremlinPredicate.Gt(t)).InV().Order().By("name").Values("name");
        Assert.Equal(["Docker", "Kubernetes"], await Run(b => AsOf(b, 15)));
        Assert.Equal(["Kubernetes"], await Run(b => AsOf(b, 25)));
        Assert.Empty(await Run(b => AsOf(b, 5)));
    }

    [Fact]
    public async Task Closing_an_edge_updates_its_property_and_keeps_it()
    {
        await Seed();
        await Run(b => b.G().V(K("i1")).OutE("mentions").Where(b.Anonymous().InV().HasId("k8s")).Property("valid_to", 30L).Property("expired_at", 30L));
        var edge = Assert.IsType<GremlinEdge>(Assert.Single(await Run(b => b.G().V(K("i1")).OutE("mentions").Has("expired_at"))));
        Assert.Equal(30L, edge.Properties["valid_to"]);
        Assert.Equal("k8s", edge.InV);
        Assert.Equal(2L, Assert.Single(await Run(b => b.G().V(K("i1")).OutE("mentions").Count())));
        Assert.Equal(["docker"], await Run(b => b.G().V(K("i1")).OutE("mentions").HasNot("expired_at").InV().Id()));
    }

    [Fact]
    public async Task Adjacency_steps_walk_both_directions()
    {
        await Seed();
        Assert.Equal(["i1", "i2"], (await Run(b => b.G().V(K("k8s")).In("mentions").Id())).Order());
        Assert.Equal(2L, Assert.Single(await Run(b => b.G().V(K("k8s")).InE("mentions").Count())));
        Assert.Equal(["k8s"], await Run(b => b.G().V(K("i2")).BothE().OtherV().Id()));
        Assert.Equal(["i1"], await Run(b => b.G().V(K("docker")).Both().Id()));
        Assert.Equal(["i1", "i2"], (await Run(b => b.G().V(K("k8s")).InE().OutV().Id())).Order());
        Assert.Empty(await Run(b => b.G().V(K("k8s")).Out("mentions")));
        Assert.Equal(2L, Assert.Single(await Run(b => b.G().V().Has("pk", _pk).HasLabel("entity").Count())));
    }

    [Fact]
    public async Task Predicates_within_without_and_boolean_steps()
    {
        await Seed();
        Assert.Equal(["i1", "k8s"], (await Run(b => b.G().V().Has("pk", _pk).HasId("i1", "k8s").Id())).Order());
        Assert.Equal(["Docker"], await Run(b => b.G().V().Has("pk", _pk).Has("name", GremlinPredicate.Within(["Docker", "Podman"])).Values("name")));
        Assert.Equal(3L, Assert.Single(await Run(b => b.G().V().Has("pk", _pk).Has("name", GremlinPredicate.Without(["Docker"])).Count())));
        Assert.Equal(["i1"], await Run(b => b.G().V().Has("pk", _pk).HasLabel("item")
            .And(b.Anonymous().Out().HasId("k8s"), b.Anonymous().Out().HasId("docker")).Id()));
        Assert.Equal(["i1", "i2"], (await Run(b => b.G().V().Has("pk", _pk).Or(b.Anonymous().Out("mentions").HasId("docker"), b.Anonymous().Has("name", "note two")).Id())).Order());
        Assert.Equal(["docker", "k8s"], (await Run(b => b.G().V().Has("pk", _pk).HasLabel("entity").Not(b.Anonymous().Out()).Id())).Order());
        Assert.Equal(["Kubernetes"], await Run(b => b.G().V().Has("pk", _pk).Has("entity", "name", "Kubernetes").Values("name")));
        // Plain JSON numbers: a whole double comes back as a long (README.md "Values"), so compare numerically.
        Assert.Equal(3.0, Convert.ToDouble(Assert.Single(await Run(b => b.G().V(K("i1")).OutE().Values("weight").Is(GremlinPredicate.Gt(2.5)))), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Shaping_steps_order_limit_range_dedup_fold_project_select()
    {
        await Seed();
        Assert.Equal(["note two", "note one", "Kubernetes", "Docker"], await Run(b => b.G().V().Has("pk", _pk).Order().By("name", GremlinOrder.Decr).Values("name")));
        Assert.Equal(["Docker"], await Run(b => b.G().V().Has("pk", _pk).Order().By("name").Limit(1).Values("name")));
        Assert.Equal(["Kubernetes", "note one"], await Run(b => b.G().V().Has("pk", _pk).Order().By("name").Range(1, 3).Values("name")));
        Assert.Equal(["k8s", "docker"], await Run(b => b.G().V().Has("pk", _pk).HasLabel("item").OutE().Order().By("weight", GremlinOrder.Decr).InV().Dedup().Id()));
        var folded = Assert.IsType<List<object?>>(Assert.Single(await Run(b => b.G().V(K("i1")).Out().Id().Fold())));
        Assert.Equal(2, folded.Count);
        var projected = Assert.IsType<Dictionary<string, object?>>(Assert.Single(await Run(b => b.G().V(K("k8s"))
            .Project("id", "name", "mentions").By(b.Anonymous().Id()).By("name").By(b.Anonymous().InE("mentions").Count()))));
        Assert.Equal("k8s", projected["id"]);
        Assert.Equal("Kubernetes", projected["name"]);
        Assert.Equal(2L, projected["mentions"]);
        var selected = Assert.IsType<Dictionary<string, object?>>(Assert.Single(await Run(b => b.G().V(K("i2")).As("a").Out().As("b").Select("a", "b"))));
        Assert.Equal("i2", Assert.IsType<GremlinVertex>(selected["a"]).Id);
        Assert.Equal("k8s", Assert.IsType<GremlinVertex>(selected["b"]).Id);
        var map = Assert.IsType<Dictionary<string, object?>>(Assert.Single(await Run(b => b.G().V(K("k8s")).ValueMap(true))));
        Assert.Equal("k8s", map["id"]);
        Assert.Equal("entity", map["label"]);
        Assert.Equal(["Kubernetes"], Assert.IsType<List<object?>>(map["name"]));
        Assert.Equal([_pk], Assert.IsType<List<object?>>(map["pk"]));
    }

    [Fact]
    public async Task Coalesce_upserts_a_vertex_exactly_once_and_union_constant_work()
    {
        GremlinTraversal Upsert(GremlinScriptBuilder b) => b.G().V(K("t1")).Fold().Coalesce(
            b.Anonymous().Unfold(),
            b.Anonymous().AddV("tag").PropertyId("t1").Property("pk", _pk).Property("name", "rust"));
        var first = Assert.IsType<GremlinVertex>(Assert.Single(await Run(Upsert)));
        var second = Assert.IsType<GremlinVertex>(Assert.Single(await Run(Upsert)));
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(1L, Assert.Single(await Run(b => b.G().V().Has("pk", _pk).HasLabel("tag").Count())));
        Assert.Equal(["rust", "x"], await Run(b => b.G().V(K("t1")).Union(b.Anonymous().Values("name"), b.Anonymous().Constant("x"))));
        Assert.Equal(["none"], await Run(b => b.G().V(K("t1")).Coalesce(b.Anonymous().Out(), b.Anonymous().Constant("none"))));
        await Run(b => b.G().V(K("t1")).SideEffect(b.Anonymous().Property("kind", "language")).Id());
        Assert.Equal(["language"], await Run(b => b.G().V(K("t1")).Values("kind")));
    }

    [Fact]
    public async Task Repeat_with_times_emit_until_simple_path_and_path()
    {
        foreach (var id in new[] { "a", "b", "c", "d" })
        {
            await Vertex("entity", id, id.ToUpperInvariant());
        }

        await Edge("relates_to", "a", "b", 0, 100);
        await Edge("relates_to", "b", "c", 0, 100);
        await Edge("relates_to", "c", "d", 0, 100);
        await Edge("relates_to", "c", "a", 0, 100);
        Assert.Equal(["c"], await Run(b => b.G().V(K("a")).Repeat(b.Anonymous().Out("relates_to")).Times(2).Id()));
        Assert.Equal(["b", "c"], await Run(b => b.G().V(K("a")).Repeat(b.Anonymous().Out("relates_to")).Times(2).Emit().Id()));
        Assert.Equal(["d"], await Run(b => b.G().V(K("a")).Repeat(b.Anonymous().Out("relates_to").SimplePath()).Until(b.Anonymous().HasId("d")).Id()));
        var path = Assert.IsType<GremlinPath>(Assert.Single(await Run(b => b.G().V(K("a")).Repeat(b.Anonymous().Out("relates_to").SimplePath()).Until(b.Anonymous().HasId("d")).Path())));
        Assert.Equal(["a", "b", "c", "d"], path.Objects.Select(o => (string)Assert.IsType<GremlinVertex>(o).Id));
        Assert.Empty(await Run(b => b.G().V(K("a")).Repeat(b.Anonymous().Out("relates_to").SimplePath()).Times(4).Id()));

        var unbounded = await Assert.ThrowsAsync<GremlinScriptException>(() => _fixture.Client.SubmitAsync(
            GremlinScript.FromTrustedText("g.V([p, 'a']).repeat(out('relates_to')).emit().id()", new Dictionary<string, object> { ["p"] = _pk })));
        Assert.Contains("32 hops", unbounded.Message, StringComparison.Ordinal);
        await AssertRefused("g.V().repeat(__.out()).times(33)", "33");
    }

    [Fact]
    public async Task Drop_removes_edges_and_vertices_with_their_edges()
    {
        await Seed();
        await Run(b => b.G().V(K("i1")).OutE("mentions").Where(b.Anonymous().InV().HasId("docker")).Drop());
        Assert.Equal(["k8s"], await Run(b => b.G().V(K("i1")).Out().Id()));
        await Run(b => b.G().V(K("k8s")).Drop());
        Assert.Empty(await Run(b => b.G().V(K("i1")).OutE()));
        Assert.Empty(await Run(b => b.G().V(K("k8s"))));
        Assert.Single(await Run(b => b.G().V(K("docker"))));
    }

    [Fact]
    public async Task Partitions_keep_same_ids_apart()
    {
        await Vertex("item", "shared", "mine");
        var other = "other-" + Guid.NewGuid();
        await Run(b => b.G().AddV("item").PropertyId("shared").Property("pk", other).Property("name", "theirs"));
        Assert.Equal(["mine"], await Run(b => b.G().V(K("shared")).Values("name")));
        Assert.Equal(["theirs"], await Run(b => b.G().V(new GremlinVertexKey(other, "shared")).Values("name")));
        Assert.Equal(2, (await Run(b => b.G().VById("shared"))).Count(v => ((GremlinVertex)v!).Value("pk") is string p && (p == _pk || p == other)));
        var error = await Assert.ThrowsAsync<GremlinScriptException>(() => Run(b => b.G().AddV("item").PropertyId("nopk").Property("name", "x")));
        Assert.Contains("partition key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_cardinality_appends_values_single_replaces_them_and_has_matches_any()
    {
        await Vertex("entity", "k", "Kubernetes");
        await Run(b => b.G().V(K("k")).PropertyList("kind", "k8s").PropertyList("kind", "kube"));
        var vertex = Assert.IsType<GremlinVertex>(Assert.Single(await Run(b => b.G().V(K("k")))));
        Assert.Equal(["k8s", "kube"], vertex.Properties["kind"].Select(p => p.Value));
        Assert.Single(await Run(b => b.G().V().Has("pk", _pk).Has("kind", GremlinPredicate.Within(["kube", "x"]))));

        await Run(b => b.G().V(K("k")).PropertySingle("kind", "docker"));
        Assert.Equal(["docker"], await Run(b => b.G().V(K("k")).Values("kind")));
        Assert.Empty(await Run(b => b.G().V().Has("pk", _pk).Has("kind", "kube")));

        await Edge("mentions", "k", "k", 1, 2);
        var error = await Assert.ThrowsAsync<GremlinScriptException>(() => Run(b => b.G().V(K("k")).OutE().PropertyList("kind", "x")));
        Assert.Contains("no cardinality", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("g.V().match(__.as('a').out().as('b'))", "match")]
    [InlineData("g.V().has('name', 'x').property(set, 'tag', 'y')", "set cardinality")]
    [InlineData("g.V().elementMap()", "elementMap")]
    [InlineData("g.V().filter{ it.get().value('name') == 'x' }", "lambda")]
    [InlineData("g.V().pageRank()", "pageRank")]
    [InlineData("g.V().has('name', \"${x}\")", "interpolation")]
    [InlineData("g.V().groupCount()", "groupCount")]
    [InlineData("g.V(); g.E()", "one traversal")]
    [InlineData("g.V().has('name', missingBinding)", "missingBinding")]
    [InlineData("g.V().has('name', null)", "null")]
    public async Task What_cosmos_refuses_is_refused_with_597(string script, string expected) =>
        await AssertRefused(script, expected);

    private async Task AssertRefused(string script, string expected)
    {
        var error = await Assert.ThrowsAsync<GremlinScriptException>(() => _fixture.Client.SubmitAsync(GremlinScript.FromTrustedText(script)));
        Assert.Equal(597, error.GremlinStatusCode);
        Assert.Equal(1004, error.CosmosStatusCode);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
