using Kmt.Storage.Gremlin.Scripts;

namespace Kmt.Storage.Gremlin.Tests;

/// <summary>Pins the text and bindings the builder produces.</summary>
public sealed class GremlinScriptBuilderTests
{
    [Fact]
    public void Point_read_with_filters_binds_every_value()
    {
        var b = TestVocabulary.Builder();
        var script = b.Build(b.G().V(new GremlinVertexKey("user-1", "item-1"))
            .OutE("mentions").Has("valid_to", GremlinPredicate.Gt(100L)).Has("kind", GremlinPredicate.Within(["a", "b"]))
            .InV().ValueMap(true));
        Assert.Equal("g.V([_v0, _v1]).outE('mentions').has('valid_to', gt(_v2)).has('kind', within(_v3)).inV().valueMap(true)", script.Text);
        Assert.Equal("user-1", script.Bindings["_v0"]);
        Assert.Equal("item-1", script.Bindings["_v1"]);
        Assert.Equal(100L, script.Bindings["_v2"]);
        Assert.Equal(new List<object> { "a", "b" }, script.Bindings["_v3"]);
    }

    [Fact]
    public void Upsert_edge_pattern_nests_anonymous_traversals_sharing_bindings()
    {
        var b = TestVocabulary.Builder();
        var from = new GremlinVertexKey("u", "i1");
        var to = new GremlinVertexKey("u", "e1");
        var script = b.Build(b.G().V(from).Coalesce(
                b.Anonymous().OutE("mentions").Where(b.Anonymous().InV().HasId("e1")),
                b.Anonymous().AddE("mentions").To(b.Anonymous().V(to)).Property("count", 1))
            .Property("count", 2));
        Assert.Equal(
            "g.V([_v0, _v1]).coalesce(__.outE('mentions').where(__.inV().hasId(_v2)), __.addE('mentions').to(__.V([_v3, _v4])).property('count', _v5)).property('count', _v6)",
            script.Text);
        Assert.Equal(7, script.Bindings.Count);
    }

    [Fact]
    public void Repeat_order_project_and_path_render_as_expected()
    {
        var b = TestVocabulary.Builder();
        var script = b.Build(b.G().V(new GremlinVertexKey("u", "a")).Repeat(b.Anonymous().Out("relates_to").SimplePath()).Times(3).Emit()
            .Dedup().Order().By("name", GremlinOrder.Decr).Limit(10).Project("v", "n").By(b.Anonymous().Id()).By("name").Path());
        Assert.Equal(
            "g.V([_v0, _v1]).repeat(__.out('relates_to').simplePath()).times(3).emit().dedup().order().by('name', decr).limit(_v2).project('v', 'n').by(__.id()).by('name').path()",
            script.Text);
    }

    [Fact]
    public void Unknown_words_nulls_and_foreign_traversals_are_refused()
    {
        var b = TestVocabulary.Builder();
        Assert.Throws<ArgumentException>(() => b.G().V().HasLabel("person"));
        Assert.ThrowsAny<ArgumentException>(() => b.G().V().Has("name", (object)null!));
        Assert.Throws<ArgumentException>(() => b.G().V().Where(TestVocabulary.Builder().Anonymous().Out()));
        Assert.Throws<ArgumentException>(() => b.G().V().Where(b.G().V()));
        Assert.Throws<ArgumentOutOfRangeException>(() => b.G().V().Repeat(b.Anonymous().Out()).Times(33));
        var script = b.G().V();
        b.Build(script);
        Assert.Throws<InvalidOperationException>(() => b.Build(script));
    }
}
