using Kmt.Core.Graph;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kmt.Graph.Analytics.Knowledge;

/// <summary>
/// Brings one person's community vertices and member_of edges in line with the Louvain partition of their
/// current graph (a graph step of the nightly run, after the other derived edges; docs/design/graph.md,
/// "Knowledge graph"). It reads the graph in the one snapshot GET graph/communities reads (at most
/// <see cref="GraphAnalyticsOptions.MaxVertices"/> vertices), looks up the few community ids not visible
/// now (a community that comes back keeps its vertex), and writes one batch (<see cref="CommunityMembership"/>).
/// Louvain is seeded, so a second run over an unchanged graph writes nothing. A truncated snapshot adds
/// and updates but closes nothing.
/// </summary>
public sealed class CommunityMembershipRefresher(IGraphStore graph, IOptions<GraphAnalyticsOptions> options, TimeProvider timeProvider, ILogger<CommunityMembershipRefresher> logger)
{
    /// <summary>Returns the number of records written (vertex upserts and edge inserts, updates and expirations).</summary>
    public async Task<int> RefreshAsync(string userId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var limits = options.Value;
        var now = timeProvider.GetUtcNow();
        var snapshot = await graph.QueryAsync(new GraphSnapshotQuery { UserId = userId, AsOf = now, KnownAt = now, Limit = Math.Max(1, limits.MaxVertices) }, cancellationToken).ConfigureAwait(false);
        var communities = CommunityMembership.Detect(snapshot, limits.CommunityNameEntities);
        var visible = snapshot.Vertices.Where(v => v.Kind == GraphVertexKinds.Community).Select(v => v.Id).ToHashSet(StringComparer.Ordinal);
        var earlier = new Dictionary<string, GraphVertex>(StringComparer.Ordinal);
        foreach (var community in communities.Where(c => !visible.Contains(c.Id)))
        {
            if (await graph.GetVertexAsync(userId, community.Id, cancellationToken).ConfigureAwait(false) is { } vertex)
            {
                earlier[community.Id] = vertex;
            }
        }

        var batch = CommunityMembership.Build(userId, snapshot, communities, earlier, now, closeMissing: !snapshot.Truncated);
        if (snapshot.Truncated)
        {
            logger.LogWarning("member_of of user {UserId}: the graph was read truncated; no membership is closed", userId);
        }

        await graph.ApplyAsync(batch, cancellationToken).ConfigureAwait(false);
        return batch.VertexUpserts.Count + batch.EdgeExpirations.Count + batch.EdgeInserts.Count + batch.EdgeUpdates.Count;
    }
}
