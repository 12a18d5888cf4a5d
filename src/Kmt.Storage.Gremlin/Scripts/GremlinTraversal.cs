using System.Globalization;
using System.Text;

namespace Kmt.Storage.Gremlin.Scripts;

/// <summary>
/// A traversal under construction. Each method appends one step of the subset the test endpoint implements
/// (tests/Kmt.Testing.Gremlin/README.md); arguments are bound values, vocabulary words, step labels, predicates
/// or nested anonymous traversals of the same builder, never free text.
/// </summary>
public sealed class GremlinTraversal
{
    private readonly StringBuilder _text;

    internal GremlinTraversal(GremlinScriptBuilder builder, string source)
    {
        Builder = builder;
        IsAnonymous = source == "__";
        _text = new StringBuilder(source);
    }

    internal GremlinScriptBuilder Builder { get; }

    internal bool IsAnonymous { get; }

    internal string Text => _text.ToString();

    /// <summary>V() over every vertex; with keys, the point reads V([pk, id], ...).</summary>
    public GremlinTraversal V(params GremlinVertexKey[] keys) => Step("V", keys.Select(Builder.Vertex));

    /// <summary>V(id, ...) by id alone: a cross-partition read (prefer the [pk, id] overload).</summary>
    public GremlinTraversal VById(params object[] ids) => Step("V", ids.Select(Builder.Bind));

    public GremlinTraversal E(params object[] ids) => Step("E", ids.Select(Builder.Bind));

    /// <summary>inject(value): a start with one traverser, for scripts made of union() branches.</summary>
    public GremlinTraversal Inject(object value) => Step("inject", Builder.Bind(value));

    public GremlinTraversal AddV(string label) => Step("addV", Builder.Word(label));

    public GremlinTraversal AddE(string label) => Step("addE", Builder.Word(label));

    public GremlinTraversal From(GremlinTraversal vertex) => Step("from", Builder.Nested(vertex));

    public GremlinTraversal To(GremlinTraversal vertex) => Step("to", Builder.Nested(vertex));

    /// <summary>property(key, value) with single cardinality (Cosmos has no property(set, ...)).</summary>
    public GremlinTraversal Property(string key, object value) => Step("property", Builder.Word(key), Builder.Bind(value));

    /// <summary>property(single, key, value): replaces every value of a vertex property (Cosmos's vertex properties can hold several).</summary>
    public GremlinTraversal PropertySingle(string key, object value) => Step("property", "single", Builder.Word(key), Builder.Bind(value));

    /// <summary>property(list, key, value): adds one more value to a multi-valued vertex property (an index Cosmos can match with has()).</summary>
    public GremlinTraversal PropertyList(string key, object value) => Step("property", "list", Builder.Word(key), Builder.Bind(value));

    /// <summary>property('id', value) on addV/addE: the element's id (Cosmos's id is a string).</summary>
    public GremlinTraversal PropertyId(object id) => Step("property", "T.id", Builder.Bind(id));

    public GremlinTraversal Has(string key, object value) => Step("has", Builder.Word(key), Builder.Bind(value));

    public GremlinTraversal Has(string key, GremlinPredicate predicate) => Step("has", Builder.Word(key), Builder.Predicate(predicate));

    /// <summary>has(label, key, value): label and property in one step.</summary>
    public GremlinTraversal Has(string label, string key, object value) => Step("has", Builder.Word(label), Builder.Word(key), Builder.Bind(value));

    public GremlinTraversal Has(string key) => Step("has", Builder.Word(key));

    public GremlinTraversal HasNot(string key) => Step("hasNot", Builder.Word(key));

    public GremlinTraversal HasLabel(params string[] labels) => Step("hasLabel", labels.Select(Builder.Word));

    public GremlinTraversal HasId(params object[] ids) => Step("hasId", ids.Select(Builder.Bind));

    /// <summary>hasId(within(list)): many ids in one binding.</summary>
    public GremlinTraversal HasId(GremlinPredicate predicate) => Step("hasId", Builder.Predicate(predicate));

    public GremlinTraversal Out(params string[] labels) => Step("out", labels.Select(Builder.Word));

    public GremlinTraversal In(params string[] labels) => Step("in", labels.Select(Builder.Word));

    public GremlinTraversal Both(params string[] labels) => Step("both", labels.Select(Builder.Word));

    public GremlinTraversal OutE(params string[] labels) => Step("outE", labels.Select(Builder.Word));

    public GremlinTraversal InE(params string[] labels) => Step("inE", labels.Select(Builder.Word));

    public GremlinTraversal BothE(params string[] labels) => Step("bothE", labels.Select(Builder.Word));

    public GremlinTraversal InV() => Step("inV");

    public GremlinTraversal OutV() => Step("outV");

    public GremlinTraversal OtherV() => Step("otherV");

    public GremlinTraversal Values(params string[] keys) => Step("values", keys.Select(Builder.Word));

    /// <summary>valueMap(true): id and label with the properties (Cosmos has no elementMap()).</summary>
    public GremlinTraversal ValueMap(bool withTokens, params string[] keys) =>
        Step("valueMap", (withTokens ? new[] { "true" } : []).Concat(keys.Select(Builder.Word)));

    public GremlinTraversal Id() => Step("id");

    public GremlinTraversal Label() => Step("label");

    public GremlinTraversal Count() => Step("count");

    public GremlinTraversal Limit(long count) => Step("limit", Builder.Bind(count));

    public GremlinTraversal Range(long low, long high) => Step("range", Builder.Bind(low), Builder.Bind(high));

    public GremlinTraversal Order() => Step("order");

    public GremlinTraversal By(string key) => Step("by", Builder.Word(key));

    public GremlinTraversal By(string key, GremlinOrder order) => Step("by", Builder.Word(key), order == GremlinOrder.Decr ? "decr" : "incr");

    public GremlinTraversal By(GremlinTraversal traversal) => Step("by", Builder.Nested(traversal));

    public GremlinTraversal ById() => Step("by", "T.id");

    public GremlinTraversal Dedup() => Step("dedup");

    public GremlinTraversal Fold() => Step("fold");

    public GremlinTraversal Unfold() => Step("unfold");

    public GremlinTraversal Coalesce(params GremlinTraversal[] traversals) => Step("coalesce", traversals.Select(Builder.Nested));

    public GremlinTraversal Union(params GremlinTraversal[] traversals) => Step("union", traversals.Select(Builder.Nested));

    public GremlinTraversal Optional(GremlinTraversal traversal) => Step("optional", Builder.Nested(traversal));

    public GremlinTraversal Constant(object value) => Step("constant", Builder.Bind(value));

    public GremlinTraversal As(string stepLabel) => Step("as", GremlinScriptBuilder.StepLabel(stepLabel));

    public GremlinTraversal Select(params string[] stepLabels) => Step("select", stepLabels.Select(GremlinScriptBuilder.StepLabel));

    public GremlinTraversal Project(params string[] keys) => Step("project", keys.Select(GremlinScriptBuilder.StepLabel));

    public GremlinTraversal Drop() => Step("drop");

    public GremlinTraversal SideEffect(GremlinTraversal traversal) => Step("sideEffect", Builder.Nested(traversal));

    public GremlinTraversal Where(GremlinTraversal traversal) => Step("where", Builder.Nested(traversal));

    public GremlinTraversal And(params GremlinTraversal[] traversals) => Step("and", traversals.Select(Builder.Nested));

    public GremlinTraversal Or(params GremlinTraversal[] traversals) => Step("or", traversals.Select(Builder.Nested));

    public GremlinTraversal Not(GremlinTraversal traversal) => Step("not", Builder.Nested(traversal));

    public GremlinTraversal Is(object value) => Step("is", Builder.Bind(value));

    public GremlinTraversal Is(GremlinPredicate predicate) => Step("is", Builder.Predicate(predicate));

    public GremlinTraversal Repeat(GremlinTraversal traversal) => Step("repeat", Builder.Nested(traversal));

    /// <summary>times(n): Cosmos allows at most 32 repeat hops.</summary>
    public GremlinTraversal Times(int count)
    {
        if (count is < 0 or > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "Cosmos DB for Apache Gremlin allows 0..32 repeat hops.");
        }

        return Step("times", count.ToString(CultureInfo.InvariantCulture));
    }

    public GremlinTraversal Emit() => Step("emit");

    public GremlinTraversal Until(GremlinTraversal traversal) => Step("until", Builder.Nested(traversal));

    public GremlinTraversal SimplePath() => Step("simplePath");

    public GremlinTraversal Path() => Step("path");

    private GremlinTraversal Step(string name, params string[] args) => Step(name, (IEnumerable<string>)args);

    private GremlinTraversal Step(string name, IEnumerable<string> args)
    {
        _text.Append('.').Append(name).Append('(').Append(GremlinScriptBuilder.Join(args)).Append(')');
        return this;
    }
}
