namespace Kmt.Storage.Gremlin.Scripts;

/// <summary>
/// A predicate of has(key, P) and is(P): the operator comes from this fixed set, the operand always travels
/// as a binding.
/// </summary>
public sealed class GremlinPredicate
{
    private GremlinPredicate(string op, object operand)
    {
        Operator = op;
        Operand = operand;
    }

    internal string Operator { get; }

    internal object Operand { get; }

    public static GremlinPredicate Eq(object value) => new("eq", value);

    public static GremlinPredicate Neq(object value) => new("neq", value);

    public static GremlinPredicate Gt(object value) => new("gt", value);

    public static GremlinPredicate Gte(object value) => new("gte", value);

    public static GremlinPredicate Lt(object value) => new("lt", value);

    public static GremlinPredicate Lte(object value) => new("lte", value);

    /// <summary>within(list): one binding holding the whole list.</summary>
    public static GremlinPredicate Within(IEnumerable<object> values) => new("within", values.ToList());

    public static GremlinPredicate Without(IEnumerable<object> values) => new("without", values.ToList());
}
