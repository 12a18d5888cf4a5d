using Kmt.Core.Activity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Graph;

/// <summary>
/// Brings one person's co_read edges in line with their reading sessions (a graph step of the nightly
/// run; docs/design/graph.md, "Knowledge graph"): reads the live item vertices and current co_read
/// records in one snapshot and the sessions from the activity store, diffs with <see cref="CoReadEdges"/>
/// and writes one batch. Idempotent: a second run over unchanged sessions writes nothing.
/// </summary>
public sealed class CoReadRefresher(IGraphStore graph, IActivityStore activities, IOptions<GraphOptions> options, TimeProvider timeProvider, ILogger<CoReadRefresher> logger)
{
    /// <summary>Returns the number of edge records written (inserted, updated or expired).</summary>
    public async Task<int> RefreshAsync(string userId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var limits = options.Value;
        var now = timeProvider.GetUtcNow();
        var read = await DerivedEdgeSnapshot.ReadAsync(graph, userId, GraphEdgeLabels.CoRead, limits.CoOccurrenceMaxVertices, now, cancellationToken).ConfigureAwait(false);
        var sessions = await activities.ListSessionsAsync(userId, null, cancellationToken).ConfigureAwait(false);
        var batch = CoReadEdges.Build(userId, sessions, read.Items, read.Current, limits, now, closeMissing: !read.Truncated);
        if (read.Truncated)
        {
            logger.LogWarning("co_read of user {UserId}: the graph was read truncated; no pair is closed", userId);
        }

        await graph.ApplyAsync(batch, cancellationToken).ConfigureAwait(false);
        return batch.EdgeExpirations.Count + batch.EdgeInserts.Count + batch.EdgeUpdates.Count;
    }
}
