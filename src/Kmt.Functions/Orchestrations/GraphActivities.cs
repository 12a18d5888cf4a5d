using Kmt.Core.Graph;
using Kmt.Core.Insights;
using Kmt.Graph.Analytics.Knowledge;
using Microsoft.Azure.Functions.Worker;

namespace Kmt.Functions.Orchestrations;

/// <summary>The graph steps of the nightly run (docs/design/graph.md, "Knowledge graph"): one Core or analytics call each, idempotent.</summary>
public sealed class GraphActivities(CoOccurrenceRefresher coOccurrence, SimilarItemsRefresher similarItems, CoReadRefresher coRead, CommunityMembershipRefresher communities)
{
    public const string RefreshRelatesTo = "Graph_RefreshRelatesTo";

    public const string RefreshSimilarTo = "Graph_RefreshSimilarTo";

    public const string RefreshCoRead = "Graph_RefreshCoRead";

    public const string RefreshMemberOf = "Graph_RefreshMemberOf";

    /// <summary>The steps in the order the per-user orchestration runs them: communities last, over the edges the others wrote.</summary>
    public static readonly IReadOnlyList<string> NightlySteps = [RefreshRelatesTo, RefreshSimilarTo, RefreshCoRead, RefreshMemberOf];

    /// <summary>Brings the user's relates_to (entity co-occurrence) edges in line with their mentions; returns the records written.</summary>
    [Function(RefreshRelatesTo)]
    public Task<int> RefreshRelatesToAsync([ActivityTrigger] UserRun run, CancellationToken ct) => coOccurrence.RefreshAsync(run.UserId, ct);

    /// <summary>Brings the user's similar_to (embedding cosine) edges in line with their items' vectors; returns the records written.</summary>
    [Function(RefreshSimilarTo)]
    public Task<int> RefreshSimilarToAsync([ActivityTrigger] UserRun run, CancellationToken ct) => similarItems.RefreshAsync(run.UserId, ct);

    /// <summary>Brings the user's co_read (same sittings) edges in line with their reading sessions; returns the records written.</summary>
    [Function(RefreshCoRead)]
    public Task<int> RefreshCoReadAsync([ActivityTrigger] UserRun run, CancellationToken ct) => coRead.RefreshAsync(run.UserId, ct);

    /// <summary>Brings the user's community vertices and member_of edges in line with the Louvain partition; returns the records written.</summary>
    [Function(RefreshMemberOf)]
    public Task<int> RefreshMemberOfAsync([ActivityTrigger] UserRun run, CancellationToken ct) => communities.RefreshAsync(run.UserId, ct);
}
