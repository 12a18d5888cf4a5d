namespace Kmt.Testing.Gremlin.Graph;

/// <summary>A vertex of the in-memory graph, addressed by [partition key, id] as in Cosmos.</summary>
public sealed class TestVertex
{
    public TestVertex(string id, string label, string partitionKey)
    {
        Id = id;
        Label = label;
        PartitionKey = partitionKey;
    }

    public string Id { get; }

    public string Label { get; }

    public string PartitionKey { get; }

    /// <summary>
    /// Every key holds a list of values, as in Cosmos: property(single, k, v) (and addV's property) leaves one,
    /// property(list, k, v) appends one.
    /// </summary>
    public Dictionary<string, List<object>> Properties { get; } = new(StringComparer.Ordinal);

    /// <summary>Stable ids of the values, as Cosmos gives every vertex property value one (same order as <see cref="Properties"/>).</summary>
    public Dictionary<string, List<string>> PropertyIds { get; } = new(StringComparer.Ordinal);

    /// <summary>Replaces every value of <paramref name="key"/> (single cardinality).</summary>
    public void SetSingle(string key, object value)
    {
        Properties[key] = [value];
        PropertyIds[key] = [Guid.NewGuid().ToString()];
    }

    /// <summary>Adds one more value to <paramref name="key"/> (list cardinality).</summary>
    public void Append(string key, object value)
    {
        if (!Properties.TryGetValue(key, out var values))
        {
            SetSingle(key, value);
            return;
        }

        values.Add(value);
        PropertyIds[key].Add(Guid.NewGuid().ToString());
    }

    public List<TestEdge> OutEdges { get; } = [];

    public List<TestEdge> InEdges { get; } = [];

    public override string ToString() => $"v[{PartitionKey},{Id}]";
}
