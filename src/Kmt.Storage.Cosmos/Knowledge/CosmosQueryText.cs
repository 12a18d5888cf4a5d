using Microsoft.Azure.Cosmos;

namespace Kmt.Storage.Cosmos.Knowledge;

/// <summary>
/// A query's text and its parameters, kept apart until <see cref="ToDefinition"/>: the text only ever
/// holds this assembly's constants and parameter names; every value (user input included) is a parameter.
/// </summary>
public sealed class CosmosQueryText(string text, IReadOnlyList<KeyValuePair<string, object?>> parameters)
{
    public string Text { get; } = text;

    public IReadOnlyList<KeyValuePair<string, object?>> Parameters { get; } = parameters;

    public object? this[string name] => Parameters.First(p => p.Key == name).Value;

    public QueryDefinition ToDefinition()
    {
        var definition = new QueryDefinition(Text);
        foreach (var (name, value) in Parameters)
        {
            definition = definition.WithParameter(name, value);
        }

        return definition;
    }

    public override string ToString() => Text;
}

/// <summary>Collects parameters with unique names while a query is built.</summary>
internal sealed class QueryParameters
{
    private readonly List<KeyValuePair<string, object?>> values = [];
    private readonly Dictionary<string, int> counters = new(StringComparer.Ordinal);

    public IReadOnlyList<KeyValuePair<string, object?>> Values => values;

    /// <summary>Adds a value under "@{prefix}{n}" and returns that name.</summary>
    public string Add(string prefix, object? value)
    {
        counters.TryGetValue(prefix, out var next);
        counters[prefix] = next + 1;
        return Set("@" + prefix + next.ToString(System.Globalization.CultureInfo.InvariantCulture), value);
    }

    /// <summary>Adds a value under exactly <paramref name="name"/>.</summary>
    public string Set(string name, object? value)
    {
        values.Add(new(name, value));
        return name;
    }
}
