using System.Text.Json;
using System.Text.Json.Serialization;
using Kmt.Core.Graph;

namespace Kmt.Functions.Apis.Model;

/// <summary>
/// GET graph: nodes and edges ready for a graph view (docs/api.md, "Knowledge graph"), with the
/// moments and bounds the snapshot answers for, and whether the limit cut it.
/// </summary>
public sealed record GraphResponse(
    DateTimeOffset AsOf,
    DateTimeOffset KnownAt,
    string? Center,
    int? Depth,
    int Limit,
    bool Truncated,
    IReadOnlyList<GraphNodeResponse> Nodes,
    IReadOnlyList<GraphEdgeResponse> Edges)
{
    public static GraphResponse From(GraphView view) => new(
        view.Query.AsOf,
        view.Query.KnownAt,
        view.Query.CenterId,
        view.Query.CenterId is null ? null : view.Query.Depth,
        view.Query.Limit,
        view.Snapshot.Truncated,
        view.Snapshot.Vertices.Select(GraphNodeResponse.From).ToList(),
        view.Snapshot.Edges.Select(GraphEdgeResponse.From).ToList());
}

/// <summary>A vertex: item, entity, tag or community; <c>label</c> is what a view draws.</summary>
public sealed record GraphNodeResponse(
    string Id,
    string Kind,
    string Label,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Category,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Aliases,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? MergedInto,
    DateTimeOffset ValidFrom,
    DateTimeOffset? ValidTo)
{
    public static GraphNodeResponse From(GraphVertex v) => new(
        v.Id, v.Kind, v.Name, v.Category, v.Kind == GraphVertexKinds.Entity ? v.Aliases : null, v.MergedIntoId, v.ValidFrom, v.ValidTo);
}

/// <summary>An edge record with its bi-temporal times and evidence (the items it rests on).</summary>
public sealed record GraphEdgeResponse(
    string Id,
    string Label,
    string Source,
    string Target,
    double Weight,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Count,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RelationshipType,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Strength,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Metadata,
    IReadOnlyList<string> Evidence,
    DateTimeOffset ValidFrom,
    DateTimeOffset? ValidTo,
    DateTimeOffset RecordedAt,
    DateTimeOffset? ExpiredAt)
{
    public static GraphEdgeResponse From(GraphEdge e) => new(
        e.Id, e.Label, e.FromId, e.ToId, e.Weight, e.Count, e.RelationshipType, e.Strength,
        e.Label == GraphEdgeLabels.LinksTo ? JsonText.ToElement(e.MetadataJson) : null,
        e.Evidence, e.ValidFrom, e.ValidTo, e.RecordedAt, e.ExpiredAt);
}
