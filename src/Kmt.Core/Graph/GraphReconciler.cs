using Kmt.Core.Knowledge;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Graph;

/// <summary>
/// The nightly repair: items whose graph change is still pending well after the queue should have
/// applied it (a lost message, a crash, a store outage) are applied now; each repair is logged and
/// the run reports its counts.
/// </summary>
public sealed class GraphReconciler(IKnowledgeStore items, GraphChangeApplier applier, IOptions<GraphOptions> options, TimeProvider timeProvider, ILogger<GraphReconciler> logger)
{
    public async Task<GraphReconcileResult> RunAsync(CancellationToken cancellationToken)
    {
        var before = timeProvider.GetUtcNow() - options.Value.ReconcileAfter;
        var pending = await items.ListGraphPendingAsync(before, options.Value.ReconcileBatchSize, cancellationToken).ConfigureAwait(false);
        int repaired = 0, current = 0, failed = 0;
        foreach (var key in pending)
        {
            try
            {
                var outcome = await applier.ApplyAsync(key, cancellationToken).ConfigureAwait(false);
                if (outcome == GraphApplyOutcome.Unchanged)
                {
                    current++;
                }
                else
                {
                    repaired++;
                    logger.LogInformation("Graph reconciliation repaired item {ItemId} of user {UserId}: {Outcome}", key.ItemId, key.UserId, outcome);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failed++;
                logger.LogWarning(e, "Graph reconciliation could not apply item {ItemId} of user {UserId}; the next run retries it", key.ItemId, key.UserId);
            }
        }

        var result = new GraphReconcileResult(pending.Count, repaired, current, failed);
        logger.LogInformation(
            "Graph reconciliation: {Examined} pending items, {Repaired} repaired, {Current} already current, {Failed} failed",
            result.Examined, result.Repaired, result.AlreadyCurrent, result.Failed);
        return result;
    }
}
