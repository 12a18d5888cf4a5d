using System.Text.Json.Nodes;
using Kmt.Core.Graph;

namespace Kmt.Storage.Contracts;

/// <summary>Value equality of edge records: evidence lists by content, metadata as JSON (whitespace and key order aside).</summary>
public sealed class EdgeComparer : IEqualityComparer<GraphEdge?>
{
    public static readonly EdgeComparer Instance = new();

    private static readonly string[] None = [];

    public bool Equals(GraphEdge? x, GraphEdge? y) =>
        x is null || y is null
            ? x is null && y is null
            : x with { Evidence = None, MetadataJson = "" } == y with { Evidence = None, MetadataJson = "" }
              && x.Evidence.SequenceEqual(y.Evidence)
              && JsonNode.DeepEquals(JsonNode.Parse(x.MetadataJson), JsonNode.Parse(y.MetadataJson));

    public int GetHashCode(GraphEdge? obj) => obj?.Id.GetHashCode(StringComparison.Ordinal) ?? 0;
}
