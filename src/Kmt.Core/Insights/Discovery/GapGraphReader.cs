using Kmt.Core.Graph;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Insights.Discovery;

/// <summary>
/// Reads the person's knowledge graph for the gap step: one whole-graph snapshot of mentions,
/// relates_to and member_of records as valid and as known at the run's as-of time. The graph is
/// bi-temporal, so that read is a function of (user, run): a retried step, or a step on another
/// instance, sees the same records, and what the run's own graph steps write after the as-of (tonight's
/// relates_to and communities) counts from the next run (docs/design/insights.md, "Insight pipeline").
/// </summary>
public sealed class GapGraphReader(IGraphStore graph, IOptions<DiscoveryOptions> options)
{
    private static readonly string[] Labels = [GraphEdgeLabels.Mentions, GraphEdgeLabels.RelatesTo, GraphEdgeLabels.MemberOf];

    public async Task<GapGraph> ReadAsync(string userId, DateTimeOffset asOf, IReadOnlySet<string> itemIds, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var limit = options.Value.GapGraphMaxVertices;
        if (limit <= 0)
        {
            return GapGraph.Empty;
        }

        var snapshot = await graph.QueryAsync(
            new GraphSnapshotQuery { UserId = userId, AsOf = asOf, KnownAt = asOf, Limit = limit, Labels = Labels },
            cancellationToken).ConfigureAwait(false);
        return GapGraph.From(snapshot, itemIds);
    }
}
