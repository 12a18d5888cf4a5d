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

    /// <summary>Single cardinality in practice: each key holds one value (list-shaped like Cosmos's output).</summary>
    public Dictionary<string, object> Properties { get; } = new(StringComparer.Ordinal);

    /// <summary>Stable per-property ids, as Cosmos gives every vertex property one.</summary>
    public Dictionary<string, string> PropertyIds { get; } = new(StringComparer.Ordinal);

    public List<TestEdge> OutEdges { get; } = [];

    public List<TestEdge> InEdges { get; } = [];

    public override string ToString() => $"v[{PartitionKey},{Id}]";
}
