using Kmt.Core.Accounts;
using Kmt.Core.Activity;
using Kmt.Core.Common;
using Kmt.Core.Embeddings;
using Kmt.Core.Graph;
using Kmt.Core.Import.Formats;
using Kmt.Core.Knowledge;
using Kmt.Core.Privacy;
using Kmt.Core.Tags;
using Kmt.Core.Uploads;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Import;

/// <summary>
/// POST import (docs/api.md, "Import"): a history file becomes items with their original times,
/// reading sessions, accesses and searches. Small files are imported during the request; larger ones
/// are written to import-requests/{user}/{import}, whose blob trigger runs <see cref="ProcessRequestAsync"/>
/// (the shape of the export job). Either way the answer is 202 with the job, whose status URL reports
/// counts and per-line failures.
/// </summary>
public sealed class ImportService(
    IUserStore users,
    IImportStore imports,
    IKnowledgeStore items,
    ITagStore tags,
    IActivityStore activities,
    IBlobStore blobs,
    ConsentService consents,
    IOptions<ImportOptions> options,
    IOptions<KmtLimits> limits,
    TimeProvider timeProvider,
    ILogger<ImportService> logger,
    GraphChangeNotifier? graphChanges = null,
    EmbeddingRequests? embeddings = null)
{
    public const string FailedReason = "The import could not be completed. Send the file again: what was imported is kept and skipped.";

    public const string UnsupportedFormatMessage = "Name the format with ?format= ({0}) or send its Content-Type (application/x-ndjson, text/csv, text/plain, application/zip, text/html).";

    public async Task<ImportJob> StartAsync(AuthenticatedUser caller, string? format, string? contentType, string? fileName, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(content);
        var user = await users.GetAsync(caller.UserId, cancellationToken) ?? throw KmtException.Unauthorized();
        var resolved = ImportFormats.Resolve(format, contentType);
        if (resolved is null)
        {
            throw string.IsNullOrWhiteSpace(format)
                ? new KmtException(ErrorCode.UnsupportedMediaType, string.Format(System.Globalization.CultureInfo.InvariantCulture, UnsupportedFormatMessage, ImportFormats.Names))
                : new ValidationException("format", $"format must be one of {ImportFormats.Names}.");
        }

        var settings = options.Value;
        await using var buffered = await BufferedContent.ReadAsync(content, settings.MaxFileBytes, cancellationToken)
            ?? throw UploadRules.TooLarge(settings.MaxFileBytes);
        if (buffered.Length == 0)
        {
            throw new ValidationException("file", "The file is empty.");
        }

        var job = new ImportJob
        {
            Id = Ids.New(),
            UserId = user.Id,
            Format = resolved.Value,
            Status = ImportStatus.Queued,
            FileName = string.IsNullOrWhiteSpace(fileName) ? null : TextCut.Head(fileName.Trim(), 255),
            SizeBytes = buffered.Length,
            CreatedAt = timeProvider.GetUtcNow(),
        };

        if (buffered.Length <= settings.InlineMaxBytes)
        {
            job = job with { Status = ImportStatus.Running, StartedAt = job.CreatedAt, Attempts = 1 };
            await imports.CreateAsync(job, cancellationToken);
            try
            {
                return await RunAsync(job, buffered.Stream, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // No host retries a request: the job says what happened, and sending the file again is safe.
                logger.LogError(ex, "Import {ImportId} failed during the request.", job.Id);
                job = job with { Status = ImportStatus.Failed, Reason = FailedReason, CompletedAt = timeProvider.GetUtcNow() };
                await imports.ReplaceAsync(job, CancellationToken.None);
                return job;
            }
        }

        await imports.CreateAsync(job, cancellationToken);
        try
        {
            await blobs.WriteAsync(ImportPaths.ImportRequestsContainer, ImportPaths.RequestPath(user.Id, job.Id), buffered.Stream, settings.MaxFileBytes, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Without its blob the job would wait forever: say so, then let the error answer the request.
            await imports.ReplaceAsync(job with { Status = ImportStatus.Failed, Reason = "The file could not be stored for the import. Send it again.", CompletedAt = timeProvider.GetUtcNow() }, CancellationToken.None);
            throw;
        }

        return job;
    }

    /// <summary>The caller's import; 404 for an unknown id or another person's.</summary>
    public async Task<ImportJob> GetAsync(AuthenticatedUser caller, string importId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return (Ids.IsWellFormed(importId) ? await imports.GetAsync(caller.UserId, importId, cancellationToken) : null)
            ?? throw KmtException.NotFound("Import");
    }

    /// <summary>
    /// The background job, for the blob import-requests/{user}/{import} (the file itself). Done,
    /// failed or unknown imports only have their blob deleted. A failure is thrown for the host to
    /// retry until <see cref="ImportOptions.MaxAttempts"/> (applying again is safe: what was written is
    /// skipped), then the import is marked failed.
    /// </summary>
    public async Task ProcessRequestAsync(string requestPath, CancellationToken cancellationToken)
    {
        if (!ImportPaths.TryParse(requestPath, out var userId, out var importId))
        {
            logger.LogWarning("Ignoring import request {Path}: not {{user}}/{{import}}.", requestPath);
            return;
        }

        var job = await imports.GetAsync(userId, importId, cancellationToken);
        var user = await users.GetAsync(userId, cancellationToken);
        await using var content = job is null || user is null || job.Status is ImportStatus.Completed or ImportStatus.Failed
            ? null
            : await blobs.OpenReadAsync(ImportPaths.ImportRequestsContainer, requestPath, cancellationToken);
        if (job is null || content is null)
        {
            await blobs.DeleteAsync(ImportPaths.ImportRequestsContainer, requestPath, cancellationToken);
            return;
        }

        job = job with { Status = ImportStatus.Running, StartedAt = timeProvider.GetUtcNow(), Attempts = job.Attempts + 1 };
        await imports.ReplaceAsync(job, cancellationToken);
        try
        {
            if (content.CanSeek)
            {
                await RunAsync(job, content, cancellationToken);
            }
            else
            {
                await using var seekable = await BufferedContent.ReadAsync(content, long.MaxValue, cancellationToken);
                await RunAsync(job, seekable!.Stream, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException && job.Attempts >= options.Value.MaxAttempts)
        {
            logger.LogError(ex, "Import {ImportId} failed for good after {Attempts} attempts.", job.Id, job.Attempts);
            await imports.ReplaceAsync(job with { Status = ImportStatus.Failed, Reason = FailedReason, CompletedAt = timeProvider.GetUtcNow() }, cancellationToken);
        }

        await blobs.DeleteAsync(ImportPaths.ImportRequestsContainer, requestPath, cancellationToken);
    }

    /// <summary>Parses and applies the file; the job ends completed, or failed when the file as a whole cannot be read.</summary>
    private async Task<ImportJob> RunAsync(ImportJob job, Stream content, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = timeProvider.GetUtcNow();
        var tracking = await consents.IsGrantedAsync(job.UserId, ConsentPurposes.ActivityTracking, cancellationToken);
        var applier = new ImportApplier(items, tags, activities, limits.Value, job, tracking, now);
        var tally = new ImportTally(Math.Max(0, settings.MaxReportedFailures));
        var context = new ImportParseContext(settings, now);
        try
        {
            var count = 0;
            foreach (var record in Parse(job.Format, content, context))
            {
                if (++count > settings.MaxRecords)
                {
                    tally.AddFailed(record, $"An import holds at most {settings.MaxRecords} records; send the rest in another file.");
                    continue;
                }

                await applier.ApplyAsync(record, tally, cancellationToken);
            }

            await applier.CompleteAsync(tally, cancellationToken);
            await NotifyGraphAsync(job.UserId, applier.Created, cancellationToken);
            await RequestEmbeddingsAsync(job.UserId, applier.Created);
            job = tally.WriteTo(job) with { Status = ImportStatus.Completed, CompletedAt = timeProvider.GetUtcNow() };
        }
        catch (ImportFileException ex)
        {
            job = tally.WriteTo(job) with { Status = ImportStatus.Failed, Reason = ex.Message, CompletedAt = timeProvider.GetUtcNow() };
        }

        await imports.ReplaceAsync(job, cancellationToken);
        return job;
    }

    /// <summary>
    /// Queues the graph change of every created item once all are stored (their pending marks are the durable
    /// record; the nightly reconciliation applies any whose message is lost).
    /// </summary>
    private async Task NotifyGraphAsync(string userId, IReadOnlyList<string> created, CancellationToken cancellationToken)
    {
        if (graphChanges is null)
        {
            return;
        }

        foreach (var itemId in created)
        {
            await graphChanges.NotifyAsync(userId, itemId, cancellationToken);
        }
    }

    /// <summary>Asks for the vectors of every created item, once all are stored (best effort, like the graph's messages).</summary>
    private async Task RequestEmbeddingsAsync(string userId, IReadOnlyList<string> created)
    {
        if (embeddings is null)
        {
            return;
        }

        foreach (var itemId in created)
        {
            await embeddings.TryRequestAsync(userId, itemId);
        }
    }

    private static IEnumerable<ImportRecord> Parse(ImportFormat format, Stream content, ImportParseContext context) => format switch
    {
        ImportFormat.KmtHistory => KmtHistoryParser.Parse(content, context),
        ImportFormat.ReadwiseCsv => ReadwiseCsvParser.Parse(content, context),
        ImportFormat.KindleClippings => KindleClippingsParser.Parse(content, context),
        ImportFormat.MarkdownVault => MarkdownVaultParser.Parse(content, context),
        ImportFormat.Bookmarks => BookmarksHtmlParser.Parse(content, context),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };
}
