using Kmt.Core.Graph;

namespace Kmt.Storage.Contracts;

/// <summary>Value equality of vertices including their alias lists (records compare lists by reference).</summary>
public sealed class VertexComparer : IEqualityComparer<GraphVertex?>
{
    public static readonly VertexComparer Instance = new();

    private static readonly string[] None = [];

    private static readonly EntityMerge[] NoMerges = [];

    public bool Equals(GraphVertex? x, GraphVertex? y) =>
        x is null || y is null
            ? x is null && y is null
            : x with { Aliases = None, Merges = NoMerges } == y with { Aliases = None, Merges = NoMerges } && x.Aliases.SequenceEqual(y.Aliases)
                && x.Merges.Count == y.Merges.Count && x.Merges.Zip(y.Merges).All(p => MergeEquals(p.First, p.Second));

    private static bool MergeEquals(EntityMerge x, EntityMerge y) =>
        x with { Evidence = None } == y with { Evidence = None } && x.Evidence.SequenceEqual(y.Evidence);

    public int GetHashCode(GraphVertex? obj) => obj?.Id.GetHashCode(StringComparison.Ordinal) ?? 0;
}
