using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Tags;

/// <summary>
/// Finishes tag renames a crash (or a failed request) left half done: every job whose last run started
/// more than <see cref="TagOptions.RenameStalledAfter"/> ago is run again. A timer trigger
/// (Triggers/TagRenameSweepFunction, schedule Kmt:Tags:RenameSweepSchedule) calls <see cref="SweepAsync"/>.
/// </summary>
public sealed class TagRenameSweeper(ITagStore tags, TagRenamer renamer, IOptions<TagOptions> options, TimeProvider time, ILogger<TagRenameSweeper> logger)
{
    /// <summary>Sweeps once; returns how many jobs ran to the end (finished, or dropped as impossible).</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var stalled = await tags.ListStalledRenameJobsAsync(now - settings.RenameStalledAfter, settings.RenameSweepBatchSize, cancellationToken).ConfigureAwait(false);
        var finished = 0;
        foreach (var job in stalled)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var attempt = job with { Attempts = job.Attempts + 1, LastAttemptAt = now };
            await tags.SaveRenameJobAsync(attempt, cancellationToken).ConfigureAwait(false);
            try
            {
                await renamer.RunAsync(attempt, cancellationToken).ConfigureAwait(false);
                finished++;
                logger.LogInformation("Finished tag rename {OldName} -> {NewName} of user {UserId} (attempt {Attempt})", job.OldName, job.NewName, job.UserId, attempt.Attempts);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // A new name taken meanwhile: the renamer dropped the job (nothing changed). Anything else
                // (items still contended, a store outage) leaves it for a later sweep.
                logger.LogWarning(e, "Tag rename {OldName} -> {NewName} of user {UserId} did not finish on this sweep", job.OldName, job.NewName, job.UserId);
            }
        }

        return finished;
    }
}
