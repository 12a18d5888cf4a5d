namespace Kmt.Testing.Gremlin.Language;

/// <summary>An evaluated P: eq, neq, gt, gte, lt, lte, within, without.</summary>
public sealed record Predicate(string Operator, IReadOnlyList<object?> Operands)
{
    public bool Test(object? value) => Operator switch
    {
        "eq" => Values.AreEqual(value, Operands[0]),
        "neq" => !Values.AreEqual(value, Operands[0]),
        "gt" => Values.Compare(value, Operands[0]) is > 0,
        "gte" => Values.Compare(value, Operands[0]) is >= 0,
        "lt" => Values.Compare(value, Operands[0]) is < 0,
        "lte" => Values.Compare(value, Operands[0]) is <= 0,
        "within" => Operands.Any(o => Values.AreEqual(value, o)),
        "without" => !Operands.Any(o => Values.AreEqual(value, o)),
        _ => throw GremlinError.Compile($"Gremlin Query Compilation Error: predicate {Operator}() is not supported by the test endpoint."),
    };
}
