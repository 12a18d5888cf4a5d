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
    /// <summary>Pending items applied together (one graph write each batch).</summary>
    private const int BatchSize = 50;

    public async Task<GraphReconcileResult> RunAsync(CancellationToken cancellationToken)
    {
        var before = timeProvider.GetUtcNow() - options.Value.ReconcileAfter;
        var pending = await items.ListGraphPendingAsync(before, options.Value.ReconcileBatchSize, cancellationToken).ConfigureAwait(false);
        int repaired = 0, current = 0, failed = 0;
        void Count(ItemKey key, GraphApplyOutcome outcome)
        {
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

        // Batches first (one read per kind and one write for many items: bench/README.md, "Graph builder"); a batch
        // that fails is applied again item by item, so one broken item fails alone.
        foreach (var chunk in pending.Chunk(BatchSize))
        {
            try
            {
                var outcomes = await applier.ApplyManyAsync(chunk, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < chunk.Length; i++)
                {
                    Count(chunk[i], outcomes[i]);
                }

                continue;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogDebug(e, "Graph reconciliation: a batch of {Count} items failed; applying them one by one", chunk.Length);
            }

            foreach (var key in chunk)
            {
                try
                {
                    Count(key, await applier.ApplyAsync(key, cancellationToken).ConfigureAwait(false));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    failed++;
                    logger.LogWarning(e, "Graph reconciliation could not apply item {ItemId} of user {UserId}; the next run retries it", key.ItemId, key.UserId);
                }
            }
        }

        var result = new GraphReconcileResult(pending.Count, repaired, current, failed);
        logger.LogInformation(
            "Graph reconciliation: {Examined} pending items, {Repaired} repaired, {Current} already current, {Failed} failed",
            result.Examined, result.Repaired, result.AlreadyCurrent, result.Failed);
        return result;
    }
}
