using Kmt.Core.Graph;

namespace Kmt.Storage.Contracts;

/// <summary>Value equality of vertices including their alias lists (records compare lists by reference).</summary>
public sealed class VertexComparer : IEqualityComparer<GraphVertex?>
{
    public static readonly VertexComparer Instance = new();

    private static readonly string[] None = [];

    public bool Equals(GraphVertex? x, GraphVertex? y) =>
        x is null || y is null ? x is null && y is null : x with { Aliases = None } == y with { Aliases = None } && x.Aliases.SequenceEqual(y.Aliases);

    public int GetHashCode(GraphVertex? obj) => obj?.Id.GetHashCode(StringComparison.Ordinal) ?? 0;
}
