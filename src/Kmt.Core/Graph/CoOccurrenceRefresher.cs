using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Graph;

/// <summary>
/// Brings one person's relates_to edges in line with their current mentions (a graph step of the nightly
/// insight run; docs/design/graph.md, "Knowledge graph"): reads the current graph in one snapshot
/// (mentions and relates_to only), diffs with <see cref="CoOccurrenceEdges"/> and writes one batch.
/// Idempotent: a second run over an unchanged graph writes nothing. When the snapshot is truncated
/// (more than <see cref="GraphOptions.CoOccurrenceMaxVertices"/> vertices) pairs are added and
/// updated but none is closed, because a pair missing from a partial read may still hold.
/// </summary>
public sealed class CoOccurrenceRefresher(IGraphStore graph, IOptions<GraphOptions> options, TimeProvider timeProvider, ILogger<CoOccurrenceRefresher> logger)
{
    /// <summary>Returns the number of edge records written (inserted, updated or expired).</summary>
    public async Task<int> RefreshAsync(string userId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var limits = options.Value;
        var now = timeProvider.GetUtcNow();
        var snapshot = await graph.QueryAsync(
            new GraphSnapshotQuery
            {
                UserId = userId, AsOf = now, KnownAt = now, Limit = Math.Max(1, limits.CoOccurrenceMaxVertices),
                Labels = [GraphEdgeLabels.Mentions, GraphEdgeLabels.RelatesTo],
            },
            cancellationToken).ConfigureAwait(false);
        var merged = snapshot.Vertices.Where(v => v.MergedIntoId is not null).Select(v => v.Id).ToHashSet(StringComparer.Ordinal);
        var edges = snapshot.Edges.Where(e => e.IsCurrent && !merged.Contains(e.FromId) && !merged.Contains(e.ToId)).ToList();
        var batch = CoOccurrenceEdges.Build(userId, edges, edges, limits.RelatesToMinItems, limits.MaxEntitiesPerItem, now);
        if (snapshot.Truncated && batch.EdgeExpirations.Count > 0)
        {
            logger.LogWarning("relates_to of user {UserId}: the graph was read truncated; {Count} pairs are left open", userId, batch.EdgeExpirations.Count);
            batch = batch with { EdgeExpirations = [], EdgeInserts = batch.EdgeInserts.Where(e => e.ValidTo is null).ToList() };
        }

        await graph.ApplyAsync(batch, cancellationToken).ConfigureAwait(false);
        return batch.EdgeExpirations.Count + batch.EdgeInserts.Count + batch.EdgeUpdates.Count;
    }
}
