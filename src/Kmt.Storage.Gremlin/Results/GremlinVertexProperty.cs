namespace Kmt.Storage.Gremlin.Results;

/// <summary>One value of a vertex property (Cosmos gives each its own id).</summary>
public sealed record GremlinVertexProperty(object? Id, string Label, object? Value);
