using Kmt.Core.Graph;
using Kmt.Core.Insights;
using Microsoft.Azure.Functions.Worker;

namespace Kmt.Functions.Orchestrations;

/// <summary>The graph steps of the nightly run (docs/architecture.md, "Knowledge graph"): one Core call each, idempotent.</summary>
public sealed class GraphActivities(CoOccurrenceRefresher coOccurrence)
{
    public const string RefreshRelatesTo = "Graph_RefreshRelatesTo";

    /// <summary>Brings the user's relates_to (entity co-occurrence) edges in line with their mentions; returns the records written.</summary>
    [Function(RefreshRelatesTo)]
    public Task<int> RefreshRelatesToAsync([ActivityTrigger] UserRun run, CancellationToken ct) => coOccurrence.RefreshAsync(run.UserId, ct);
}
