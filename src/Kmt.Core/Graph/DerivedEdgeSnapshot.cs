namespace Kmt.Core.Graph;

/// <summary>
/// What a nightly derived-edge step reads from the person's current graph in one snapshot: the live
/// item vertices, the current records of its one label, and whether the vertex limit cut the read
/// (then the step adds and updates pairs but closes none, because a pair missing from a partial read may
/// still hold).
/// </summary>
public sealed record DerivedEdgeSnapshot(IReadOnlySet<string> Items, IReadOnlyList<GraphEdge> Current, bool Truncated)
{
    /// <summary>Reads the current graph (as of and known at <paramref name="now"/>) with only <paramref name="label"/> edges.</summary>
    public static async Task<DerivedEdgeSnapshot> ReadAsync(IGraphStore graph, string userId, string label, int maxVertices, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var snapshot = await graph.QueryAsync(
            new GraphSnapshotQuery { UserId = userId, AsOf = now, KnownAt = now, Limit = Math.Max(1, maxVertices), Labels = [label] },
            cancellationToken).ConfigureAwait(false);
        var items = snapshot.Vertices.Where(v => v.Kind == GraphVertexKinds.Item).Select(v => v.Id).ToHashSet(StringComparer.Ordinal);
        return new DerivedEdgeSnapshot(items, snapshot.Edges.Where(e => e.Label == label && e.IsCurrent).ToList(), snapshot.Truncated);
    }
}
