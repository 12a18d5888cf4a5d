namespace Kmt.Storage.Gremlin.Results;

/// <summary>
/// A vertex as Cosmos DB for Apache Gremlin returns it (GraphSON v2, docs/design/graph.md "The Gremlin client"):
/// every property is a list of vertex properties, even with single cardinality.
/// </summary>
public sealed record GremlinVertex(
    object Id,
    string Label,
    IReadOnlyDictionary<string, IReadOnlyList<GremlinVertexProperty>> Properties)
{
    /// <summary>The first value of <paramref name="key"/>, or null when the vertex has no such property.</summary>
    public object? Value(string key) =>
        Properties.TryGetValue(key, out var list) && list.Count > 0 ? list[0].Value : null;
}
