using System.IO.Compression;
using System.IO.Pipelines;
using System.Text;
using Kmt.Core.Accounts;
using Kmt.Core.Activity;
using Kmt.Core.Common;
using Kmt.Core.Graph;
using Kmt.Core.Import;
using Kmt.Core.Insights.Discovery;
using Kmt.Core.Knowledge;
using Kmt.Core.Notifications;
using Kmt.Core.Tags;
using Kmt.Core.Uploads;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Privacy;

/// <summary>
/// Data export (docs/api.md, "Export"). POST writes a job record and a request blob
/// (export-requests/{user}/{export}); a blob trigger runs <see cref="ProcessRequestAsync"/>, which
/// streams the zip straight into blob storage (exports/{user}/{export}.zip) through a pipe, so no
/// library is ever held in memory; the download works until the job's expiry.
/// </summary>
public sealed class ExportService(
    IUserStore users,
    IPrivacyStore privacy,
    IKnowledgeStore items,
    ITagStore tags,
    IActivityStore activities,
    IUploadStore uploads,
    IBlobStore blobs,
    IAuditLog audit,
    IOptions<PrivacyOptions> options,
    TimeProvider timeProvider,
    ILogger<ExportService> logger,
    IImportStore? imports = null,
    IGraphStore? graph = null,
    IInsightStore? insights = null,
    INotificationStore? notifications = null,
    PendingSearches? searches = null)
{
    /// <summary>Queues an export, or returns the one already queued or running (one at a time per person).</summary>
    public async Task<ExportJob> RequestAsync(AuthenticatedUser caller, ClientInfo? client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var user = await users.GetAsync(caller.UserId, cancellationToken) ?? throw KmtException.Unauthorized();
        var active = (await privacy.ListExportsAsync(user.Id, cancellationToken)).FirstOrDefault(e => e.Status is ExportStatus.Queued or ExportStatus.Running);
        if (active is not null)
        {
            return active;
        }

        // Searches this instance still holds (docs/design/storage.md, "Search history") belong in the export.
        await FlushSearchesAsync(user.Id, cancellationToken);
        var now = timeProvider.GetUtcNow();
        var job = new ExportJob { Id = Ids.New(), UserId = user.Id, Status = ExportStatus.Queued, CreatedAt = now };
        await privacy.CreateExportAsync(job, cancellationToken);
        await audit.AppendAsync(AuditEvents.Create(user.Id, AuditEvents.ExportRequested, now, client, details: new Dictionary<string, string> { ["export_id"] = job.Id }), cancellationToken);
        using var request = new MemoryStream(Encoding.UTF8.GetBytes($$"""{"export_id":"{{job.Id}}"}"""));
        await blobs.WriteAsync(PrivacyPaths.ExportRequestsContainer, PrivacyPaths.ExportRequestPath(user.Id, job.Id), request, 1024, cancellationToken);
        return job;
    }

    /// <summary>The caller's export; 404 for an unknown id or another person's.</summary>
    public async Task<ExportJob> GetAsync(AuthenticatedUser caller, string exportId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return (Ids.IsWellFormed(exportId) ? await privacy.GetExportAsync(caller.UserId, exportId, cancellationToken) : null)
            ?? throw KmtException.NotFound("Export");
    }

    /// <summary>The zip of a completed, unexpired export: 409 while not ready, 410 EXPORT_EXPIRED after expiry.</summary>
    public async Task<(Stream Content, ExportJob Job)> OpenDownloadAsync(AuthenticatedUser caller, string exportId, ClientInfo? client, CancellationToken cancellationToken)
    {
        var job = await GetAsync(caller, exportId, cancellationToken);
        if (job.Status != ExportStatus.Completed)
        {
            throw new KmtException(ErrorCode.Conflict, $"The export is {job.Status.ToString().ToLowerInvariant()}, not ready to download. Poll its status URL.", new { status = job.Status.ToString().ToLowerInvariant() });
        }

        var now = timeProvider.GetUtcNow();
        if (job.ExpiresAt is { } expires && expires <= now)
        {
            await blobs.DeleteAsync(PrivacyPaths.ExportsContainer, job.BlobPath, cancellationToken);
            throw new KmtException(ErrorCode.ExportExpired, "This export's download link has expired and its file was deleted. Request a new export.", new { expired_at = expires });
        }

        var stream = await blobs.OpenReadAsync(PrivacyPaths.ExportsContainer, job.BlobPath, cancellationToken)
            ?? throw new KmtException(ErrorCode.ExportExpired, "This export's file is no longer stored. Request a new export.");
        await audit.AppendAsync(AuditEvents.Create(job.UserId, AuditEvents.ExportDownloaded, now, client, details: new Dictionary<string, string> { ["export_id"] = job.Id }), cancellationToken);
        return (stream, job);
    }

    /// <summary>
    /// The background job, for the request blob export-requests/{user}/{export}. Done, failed or
    /// unknown exports (the account was erased) only have their request deleted. A failure is thrown
    /// for the host to retry until <see cref="PrivacyOptions.ExportMaxAttempts"/>, then the export is
    /// marked failed with its reason.
    /// </summary>
    public async Task ProcessRequestAsync(string requestPath, CancellationToken cancellationToken)
    {
        if (!PrivacyPaths.TryParseExportRequest(requestPath, out var userId, out var exportId))
        {
            logger.LogWarning("Ignoring export request {Path}: not {{user}}/{{export}}.", requestPath);
            return;
        }

        var job = await privacy.GetExportAsync(userId, exportId, cancellationToken);
        var user = await users.GetAsync(userId, cancellationToken);
        if (job is null || user is null || job.Status is ExportStatus.Completed or ExportStatus.Failed)
        {
            await blobs.DeleteAsync(PrivacyPaths.ExportRequestsContainer, requestPath, cancellationToken);
            return;
        }

        var started = timeProvider.GetUtcNow();
        job = job with { Status = ExportStatus.Running, StartedAt = started, Attempts = job.Attempts + 1 };
        await privacy.ReplaceExportAsync(job, cancellationToken);
        try
        {
            await FlushSearchesAsync(userId, cancellationToken);
            var writer = new ExportArchiveWriter(privacy, items, tags, activities, uploads, blobs, audit, Math.Max(1, options.Value.PageSize), imports, graph, insights, notifications);
            var blob = await WriteZipAsync(writer, user, job, started, cancellationToken);
            var done = timeProvider.GetUtcNow();
            job = job with
            {
                Status = ExportStatus.Completed,
                CompletedAt = done,
                ExpiresAt = done + options.Value.ExportLinkLifetime,
                SizeBytes = blob.Size,
                ItemCount = writer.ItemCount,
                FileCount = writer.FileCount,
            };
            await privacy.ReplaceExportAsync(job, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && job.Attempts >= options.Value.ExportMaxAttempts)
        {
            logger.LogError(ex, "Export {ExportId} failed for good after {Attempts} attempts.", job.Id, job.Attempts);
            await blobs.DeleteAsync(PrivacyPaths.ExportsContainer, job.BlobPath, cancellationToken);
            await privacy.ReplaceExportAsync(job with { Status = ExportStatus.Failed, Reason = "The export could not be written. Request a new one; if it fails again, contact support.", CompletedAt = timeProvider.GetUtcNow() }, cancellationToken);
        }

        // The account may have been erased while its export ran: then the file must not outlive it.
        if (await users.GetAsync(userId, cancellationToken) is null)
        {
            await blobs.DeleteAsync(PrivacyPaths.ExportsContainer, job.BlobPath, cancellationToken);
        }

        await blobs.DeleteAsync(PrivacyPaths.ExportRequestsContainer, requestPath, cancellationToken);
    }

    /// <summary>The zip is written into one end of a pipe while the blob store reads the other: memory stays at the pipe's buffer.</summary>
    private async Task<BlobItem> WriteZipAsync(ExportArchiveWriter writer, User user, ExportJob job, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19));
        var produce = Task.Run(
            async () =>
            {
                try
                {
                    await using (var zip = await ZipArchive.CreateAsync(pipe.Writer.AsStream(leaveOpen: true), ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, cancellationToken))
                    {
                        await writer.WriteAsync(zip, user, job, now, cancellationToken);
                    }

                    await pipe.Writer.CompleteAsync();
                }
                catch (Exception ex)
                {
                    await pipe.Writer.CompleteAsync(ex);
                    throw;
                }
            },
            cancellationToken);

        BlobItem blob;
        await using (var read = pipe.Reader.AsStream())
        {
            try
            {
                blob = await blobs.WriteAsync(PrivacyPaths.ExportsContainer, job.BlobPath, read, long.MaxValue, cancellationToken);
            }
            catch
            {
                await pipe.Reader.CompleteAsync();
                await Task.WhenAny(produce);
                throw;
            }
        }

        await produce;
        return blob;
    }

    private Task FlushSearchesAsync(string userId, CancellationToken cancellationToken) =>
        searches?.FlushUserAsync(userId, cancellationToken) ?? Task.CompletedTask;
}
