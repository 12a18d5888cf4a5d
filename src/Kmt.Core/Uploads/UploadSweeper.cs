using Kmt.Core.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Uploads;

/// <summary>
/// Finishes or fails uploads a crash left behind (defect 10 of issue 7): an upload still "processing",
/// or "queued" with its blob in place, that has not changed for <see cref="UploadOptions.StalledAfter"/>
/// is driven through ingestion again while attempts remain, and otherwise failed with a reason and its
/// blob quarantined; and deletes quarantined files kept longer than <see cref="UploadOptions.QuarantineRetention"/>.
/// A timer trigger (Triggers/UploadSweeperFunction, schedule Kmt:Uploads:SweepSchedule)
/// calls <see cref="SweepAsync"/>; see docs/design/ingestion.md, "Upload and forget".
/// </summary>
/// <remarks>
/// Safe next to live work: every write is ETag-conditional (ingestion's claim included), so a sweep that
/// races a worker loses cleanly; and an upload counts as stalled only after longer than a function may
/// run (StalledAfter is above the host's functionTimeout). Each upload is handled on its own: one that
/// fails again goes back to "queued" with one more attempt used, and a later sweep takes it again.
/// </remarks>
public sealed class UploadSweeper(
    IUploadStore uploads,
    IBlobStore blobs,
    IngestionService ingestion,
    IOptions<UploadOptions> options,
    TimeProvider time,
    ILogger<UploadSweeper> logger)
{
    /// <summary>The reason of an upload failed by the sweeper once its attempts are spent.</summary>
    public static string StalledReason(int attempts) =>
        $"Processing this file stopped unexpectedly and did not finish after {attempts} attempts.";

    /// <summary>The reason of a stalled upload whose file is gone.</summary>
    public const string MissingFileReason = "The uploaded file was lost before it could be processed; please upload it again.";

    /// <summary>Sweeps once: at most <see cref="UploadOptions.SweepBatchSize"/> stalled uploads, oldest first.</summary>
    public async Task<UploadSweepResult> SweepAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var cutoff = time.GetUtcNow() - settings.StalledAfter;
        var stalled = await uploads.ListStalledAsync(cutoff, settings.SweepBatchSize, cancellationToken).ConfigureAwait(false);
        int redriven = 0, failed = 0, skipped = 0;
        foreach (var upload in stalled)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (await RecoverAsync(upload, settings, cancellationToken).ConfigureAwait(false))
            {
                case Recovery.Redriven: redriven++; break;
                case Recovery.Failed: failed++; break;
                default: skipped++; break;
            }
        }

        var expired = await ExpireQuarantineAsync(settings, cancellationToken).ConfigureAwait(false);
        if (stalled.Count > 0 || expired > 0)
        {
            logger.LogInformation("Upload sweep: {Stalled} stalled, {Redriven} driven again, {Failed} failed, {Skipped} left alone; {Expired} quarantined files expired",
                stalled.Count, redriven, failed, skipped, expired);
        }

        return new UploadSweepResult(stalled.Count, redriven, failed, skipped) { QuarantineExpired = expired };
    }

    /// <summary>
    /// Deletes quarantined files stored longer ago than <see cref="UploadOptions.QuarantineRetention"/>
    /// (a blob's last-modified time is when it arrived in quarantine), at most a batch per sweep.
    /// </summary>
    private async Task<int> ExpireQuarantineAsync(UploadOptions settings, CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow() - settings.QuarantineRetention;
        var expired = new List<string>();
        await foreach (var blob in blobs.ListAsync(UploadPaths.QuarantineContainer, "", cancellationToken).ConfigureAwait(false))
        {
            if (blob.LastModified < before)
            {
                expired.Add(blob.Path);
                if (expired.Count >= settings.SweepBatchSize)
                {
                    break;
                }
            }
        }

        var deleted = 0;
        foreach (var path in expired)
        {
            if (await blobs.DeleteAsync(UploadPaths.QuarantineContainer, path, cancellationToken).ConfigureAwait(false))
            {
                deleted++;
            }
        }

        return deleted;
    }

    private async Task<Recovery> RecoverAsync(Upload upload, UploadOptions settings, CancellationToken cancellationToken)
    {
        if (upload.Status is not (UploadStatus.Processing or UploadStatus.Queued))
        {
            return Recovery.Skipped;
        }

        var blob = await blobs.GetAsync(UploadPaths.UploadsContainer, upload.BlobPath, cancellationToken).ConfigureAwait(false);
        if (blob is null)
        {
            // A queued upload without its blob is not ingestion's to finish; a processing one lost its file.
            return upload.Status == UploadStatus.Processing && await TryFailAsync(upload, MissingFileReason).ConfigureAwait(false)
                ? Recovery.Failed
                : Recovery.Skipped;
        }

        if (upload.Attempts >= settings.MaxAttempts)
        {
            if (!await TryFailAsync(upload, StalledReason(upload.Attempts)).ConfigureAwait(false))
            {
                return Recovery.Skipped;
            }

            await QuarantineAsync(upload).ConfigureAwait(false);
            return Recovery.Failed;
        }

        logger.LogWarning("Upload {UploadId} was left {Status} since {UpdatedAt} (attempt {Attempts} of {MaxAttempts}); processing it again",
            upload.Id, upload.Status, upload.UpdatedAt, upload.Attempts, settings.MaxAttempts);
        try
        {
            await using var content = await blobs.OpenReadAsync(UploadPaths.UploadsContainer, upload.BlobPath, cancellationToken).ConfigureAwait(false);
            if (content is null)
            {
                return Recovery.Skipped; // deleted meanwhile
            }

            var outcome = await ingestion.ProcessAsync(upload.BlobPath, content, cancellationToken).ConfigureAwait(false);
            return outcome.Kind == IngestionOutcomeKind.Failed ? Recovery.Failed : outcome.Kind == IngestionOutcomeKind.Busy ? Recovery.Skipped : Recovery.Redriven;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Ingestion put it back to queued with one more attempt used; a later sweep takes it again.
            logger.LogWarning(e, "Upload {UploadId} failed again when driven by the sweeper", upload.Id);
            return Recovery.Redriven;
        }
    }

    private async Task<bool> TryFailAsync(Upload upload, string reason)
    {
        var failed = upload with { Status = UploadStatus.Failed, Reason = reason, UpdatedAt = time.GetUtcNow(), ETag = ETags.New() };
        try
        {
            await uploads.ReplaceAsync(failed, upload.ETag, CancellationToken.None).ConfigureAwait(false);
            logger.LogWarning("Upload {UploadId} failed: {Reason}", upload.Id, reason);
            return true;
        }
        catch (KmtException e) when (e.Code is ErrorCode.PreconditionFailed or ErrorCode.NotFound)
        {
            return false; // someone moved it on meanwhile
        }
    }

    private async Task QuarantineAsync(Upload upload)
    {
        try
        {
            await blobs.MoveAsync(UploadPaths.UploadsContainer, upload.BlobPath, UploadPaths.QuarantineContainer, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not quarantine blob {BlobPath}", upload.BlobPath);
        }
    }

    private enum Recovery
    {
        Skipped,
        Redriven,
        Failed,
    }
}
