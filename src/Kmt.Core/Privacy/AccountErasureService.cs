using Kmt.Core.Accounts;
using Kmt.Core.Activity;
using Kmt.Core.Common;
using Kmt.Core.Graph;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Privacy;

/// <summary>
/// Erases an account so that a crash midway is finished later, never half-kept: the job record
/// (<see cref="ErasureJob"/>) is written first, then the adapter's <see cref="IUserDataEraser"/> deletes
/// the data and releases the login keys last; the record is marked done only after that. A retry of
/// DELETE users/account or the privacy sweep (<see cref="FinishUnfinishedAsync"/>) runs an unfinished one again.
/// </summary>
/// <remarks>
/// The knowledge graph may live in a store of its own (Cosmos DB for Apache Gremlin beside the NoSQL
/// account): <paramref name="graph"/> is erased before the adapter's eraser, whose last step frees the login.
/// </remarks>
public sealed class AccountErasureService(IPrivacyStore store, IUserDataEraser eraser, IOptions<PrivacyOptions> options, TimeProvider timeProvider, ILogger<AccountErasureService> logger, IGraphStore? graph = null, SessionCheckCache? sessionChecks = null, PendingSearches? searches = null)
{
    public async Task EraseAsync(string userId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var job = await store.GetErasureAsync(userId, cancellationToken) is { CompletedAt: null } existing
            ? existing
            : new ErasureJob { UserId = userId, RequestedAt = timeProvider.GetUtcNow() };

        // The account's tokens stop working here at once (other instances within the cache's duration).
        sessionChecks?.Forget(userId);
        await RunAsync(job, cancellationToken);
    }

    /// <summary>Finishes erasures that were started and not completed (the privacy sweep); returns how many it finished.</summary>
    public async Task<int> FinishUnfinishedAsync(int take, CancellationToken cancellationToken)
    {
        var before = timeProvider.GetUtcNow() - options.Value.ErasureRetryAfter;
        var finished = 0;
        foreach (var job in await store.ListUnfinishedErasuresAsync(before, take, cancellationToken))
        {
            try
            {
                await RunAsync(job, cancellationToken);
                finished++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Erasure of account {UserId} failed again (attempt {Attempt}); the next sweep retries it.", job.UserId, job.Attempts + 1);
            }
        }

        return finished;
    }

    private async Task RunAsync(ErasureJob job, CancellationToken cancellationToken)
    {
        var attempt = job with { Attempts = job.Attempts + 1, LastAttemptAt = timeProvider.GetUtcNow() };
        await store.UpsertErasureAsync(attempt, cancellationToken);
        await DropPendingSearchesAsync(job.UserId, cancellationToken);
        if (graph is not null)
        {
            await graph.EraseUserAsync(job.UserId, cancellationToken);
        }

        await eraser.EraseAsync(job.UserId, cancellationToken);

        // Again after the eraser: a search already past its consent check when the erasure began may have added one since.
        await DropPendingSearchesAsync(job.UserId, cancellationToken);
        await store.UpsertErasureAsync(attempt with { CompletedAt = timeProvider.GetUtcNow() }, cancellationToken);
    }

    /// <summary>Searches waiting in memory (docs/design/storage.md, "Search history") must not be written after the erasure.</summary>
    private Task DropPendingSearchesAsync(string userId, CancellationToken cancellationToken) =>
        searches?.DropUserAsync(userId, cancellationToken) ?? Task.CompletedTask;
}
