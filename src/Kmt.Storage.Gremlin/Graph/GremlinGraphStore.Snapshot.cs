using Kmt.Core.Graph;

namespace Kmt.Storage.Gremlin.Graph;

/// <summary>
/// Snapshots walk breadth-first in KMT's code, one bounded traversal per hop (never a repeat() past
/// Cosmos's 32 hops, nor a path explosion on a dense graph), as the embedded store does; the edges are then
/// the visible records among the vertices returned.
/// </summary>
public sealed partial class GremlinGraphStore
{
    public async Task<GraphSnapshot> QueryAsync(GraphSnapshotQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        var (vertices, truncated) = query.CenterId is null
            ? await WholeGraphAsync(query, cancellationToken).ConfigureAwait(false)
            : await NeighbourhoodAsync(query, cancellationToken).ConfigureAwait(false);
        if (vertices.Count == 0)
        {
            return new GraphSnapshot([], [], truncated);
        }

        var ids = vertices.Select(v => v.Id).ToHashSet(StringComparer.Ordinal);
        var edges = (await VisibleEdgesAsync(query, [.. ids], bothDirections: false, cancellationToken).ConfigureAwait(false))
            .Where(e => ids.Contains(e.ToId))
            .OrderBy(e => e.Id, StringComparer.Ordinal)
            .ToList();
        return new GraphSnapshot(vertices, edges, truncated);
    }

    private async Task<(List<GraphVertex>, bool)> WholeGraphAsync(GraphSnapshotQuery query, CancellationToken cancellationToken)
    {
        var items = await SubmitAsync(_scripts.VisibleVertices(query, query.Limit + 1), cancellationToken).ConfigureAwait(false);
        var vertices = items.Select(i => GremlinGraphRecords.ReadVertex(i, query.UserId)).Where(v => v.IsVisible(query.AsOf, query.KnownAt)).ToList();
        var truncated = vertices.Count > query.Limit;
        return (truncated ? vertices[..query.Limit] : vertices, truncated);
    }

    private async Task<(List<GraphVertex>, bool)> NeighbourhoodAsync(GraphSnapshotQuery query, CancellationToken cancellationToken)
    {
        var result = await VisibleVerticesAsync(query, [query.CenterId!], cancellationToken).ConfigureAwait(false);
        var seen = result.Select(v => v.Id).ToHashSet(StringComparer.Ordinal);
        var frontier = seen.ToList();
        var depth = Math.Clamp(query.Depth, 1, GraphSnapshotQuery.MaxDepth);
        for (var hop = 0; hop < depth && frontier.Count > 0 && result.Count <= query.Limit; hop++)
        {
            var inFrontier = frontier.ToHashSet(StringComparer.Ordinal);
            var next = (await VisibleEdgesAsync(query, frontier, bothDirections: true, cancellationToken).ConfigureAwait(false))
                .SelectMany(e => new[] { inFrontier.Contains(e.FromId) ? e.ToId : null, inFrontier.Contains(e.ToId) ? e.FromId : null })
                .OfType<string>()
                .Where(seen.Add)
                .ToList();
            var reached = (await VisibleVerticesAsync(query, next, cancellationToken).ConfigureAwait(false))
                .OrderBy(v => v.Id, StringComparer.Ordinal)
                .ToList();
            result.AddRange(reached);
            frontier = reached.Select(v => v.Id).ToList();
        }

        var truncated = result.Count > query.Limit;
        return (truncated ? result[..query.Limit] : result, truncated);
    }

    private async Task<List<GraphVertex>> VisibleVerticesAsync(GraphSnapshotQuery query, List<string> ids, CancellationToken cancellationToken)
    {
        var vertices = new List<GraphVertex>();
        foreach (var chunk in ids.Chunk(IdsPerScript))
        {
            var items = await SubmitAsync(_scripts.VisibleVertices(query, chunk), cancellationToken).ConfigureAwait(false);
            vertices.AddRange(items.Select(i => GremlinGraphRecords.ReadVertex(i, query.UserId)).Where(v => v.IsVisible(query.AsOf, query.KnownAt)));
        }

        return vertices;
    }

    private async Task<List<GraphEdge>> VisibleEdgesAsync(GraphSnapshotQuery query, List<string> ids, bool bothDirections, CancellationToken cancellationToken)
    {
        var edges = new List<GraphEdge>();
        foreach (var chunk in ids.Chunk(IdsPerScript))
        {
            var items = await SubmitAsync(_scripts.VisibleEdges(query, chunk, bothDirections), cancellationToken).ConfigureAwait(false);
            // The scripts filter on milliseconds (a superset); the exact times decide.
            edges.AddRange(items.Select(i => GremlinGraphRecords.ReadEdge(i, query.UserId)).Where(e => e.IsVisible(query.AsOf, query.KnownAt)));
        }

        return edges.DistinctBy(e => e.Id, StringComparer.Ordinal).ToList();
    }
}
