using Kmt.Storage.Gremlin.Scripts;

namespace Kmt.Storage.Gremlin.Tests;

/// <summary>
/// Gremlin injection: hostile strings as values never change the script text (they travel as bindings and are
/// stored verbatim); as labels, keys or step labels they are refused before any text is built.
/// </summary>
public sealed class GremlinInjectionTests : IClassFixture<GremlinServerFixture>
{
    public static readonly TheoryData<string> Hostile = new()
    {
        "'); g.V().drop(); ('",
        "\"); g.V().drop(); //",
        "${g.V().drop()}",
        "x' + g.V().count() + '",
        "{ it -> it.get().remove() }",
        "name').drop().V().has('name",
        "\\'; g.E().drop()",
        "line\n.drop()",
        "_v0",
        "g.V().drop()",
        "\u0000\u0001",
        "' || true || '",
        "🙂 ünïcödé ‮",
        new string('\'', 5000),
    };

    private readonly GremlinServerFixture _fixture;

    public GremlinInjectionTests(GremlinServerFixture fixture) => _fixture = fixture;

    private static GremlinScript AddItem(string pk, string id, string name)
    {
        var b = TestVocabulary.Builder();
        return b.Build(b.G().AddV("item").PropertyId(id).Property("pk", pk).Property("name", name).Has("name", name).HasLabel("item").Id());
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void A_hostile_value_leaves_the_script_text_unchanged(string value)
    {
        var benign = AddItem("user", "id", "benign");
        var hostile = AddItem(value, value, value);
        Assert.Equal(benign.Text, hostile.Text);
        Assert.DoesNotContain(value, hostile.Text.Replace("_v0", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains(value, hostile.Bindings.Values);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void A_hostile_label_key_or_step_label_is_refused(string value)
    {
        var b = TestVocabulary.Builder();
        Assert.Throws<ArgumentException>(() => b.G().AddV(value));
        Assert.Throws<ArgumentException>(() => b.G().V().Has(value, "x"));
        Assert.Throws<ArgumentException>(() => b.G().V().Values(value));
        Assert.Throws<ArgumentException>(() => b.G().V().OutE(value));
        Assert.Throws<ArgumentException>(() => b.G().V().As(value));
        Assert.Throws<ArgumentException>(() => b.G().V().Project(value));
        Assert.Throws<ArgumentException>(() => new GremlinVocabulary([value]));
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task A_hostile_value_is_stored_verbatim_and_nothing_else_happens(string value)
    {
        var pk = "inj-" + Guid.NewGuid();
        var b = TestVocabulary.Builder();
        await _fixture.Client.SubmitAsync(b.Build(b.G().AddV("item").PropertyId("sentinel").Property("pk", pk).Property("name", "sentinel")));

        var added = await _fixture.Client.SubmitAsync(AddItem(pk, "x-" + Guid.NewGuid(), value));
        Assert.Single(added.Items);

        var read = TestVocabulary.Builder();
        var all = await _fixture.Client.SubmitAsync(read.Build(read.G().V().Has("pk", pk).Count()));
        Assert.Equal(2L, Assert.Single(all.Items));
        var names = TestVocabulary.Builder();
        var found = await _fixture.Client.SubmitAsync(names.Build(names.G().V().Has("pk", pk).Order().By("name").Values("name")));
        Assert.Equal(new[] { value, "sentinel" }.Order(StringComparer.Ordinal), found.Items.Cast<string>());
        var byHostileKey = TestVocabulary.Builder();
        var none = await _fixture.Client.SubmitAsync(byHostileKey.Build(byHostileKey.G().V(new GremlinVertexKey(value, value))));
        Assert.Empty(none.Items);

        var recorded = _fixture.Server.Requests.Select(r => r.Script).ToList();
        Assert.All(recorded, s => Assert.DoesNotContain(value, s.Replace("_v0", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal));
    }
}
