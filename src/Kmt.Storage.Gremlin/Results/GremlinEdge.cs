namespace Kmt.Storage.Gremlin.Results;

/// <summary>An edge (GraphSON v2): its endpoints' ids and labels, and single-valued properties.</summary>
public sealed record GremlinEdge(
    object Id,
    string Label,
    object OutV,
    string? OutVLabel,
    object InV,
    string? InVLabel,
    IReadOnlyDictionary<string, object?> Properties);
