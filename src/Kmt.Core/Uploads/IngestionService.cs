using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kmt.Core.Common;
using Kmt.Core.Graph;
using Kmt.Core.Realtime;
using Kmt.Core.Documents;
using Kmt.Core.Embeddings;
using Kmt.Core.Knowledge;
using Kmt.Core.Tags;
using Kmt.Core.TextAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Uploads;

/// <summary>
/// Turns one uploaded blob into a knowledge item: claim the upload, read and hash the bytes, skip
/// same-user duplicates, recognise the format by its bytes, extract, analyse, store, and ask for its
/// embeddings. Called by the blob trigger with the path inside the uploads container
/// ("{user}/{upload}/{file}").
/// </summary>
/// <remarks>
/// Safe to run more than once for the same blob: finished uploads are left alone, a claim is an
/// ETag-conditional write, and the item's id is the upload's, so a retry after a crash finds the item
/// it already made. Documents that can never be read fail at once with a reason and their blob is
/// quarantined; anything else is transient: the upload goes back to Queued and the exception reaches
/// the host, which retries, until <see cref="UploadOptions.MaxAttempts"/> attempts have failed.
/// <para>
/// Embedding is a second stage: the item is searchable as soon as it is stored, and a request blob
/// (embedding-requests/{user}/{item}) hands it to <see cref="EmbeddingService"/>, which adds its
/// vectors. The request is written after the upload is marked Completed, and a redelivered blob of a
/// completed upload whose vectors are still missing writes it again (the write is idempotent by path).
/// </para>
/// </remarks>
public sealed class IngestionService
{
    public const string ContentType = "document";
    public const string SourceType = "upload";
    public const string NotADocumentReason = "This file is not a PDF, Word (.docx), HTML, Markdown or plain-text document.";
    public const string NoTextReason = "The document contains no text.";
    public const string TooComplexReason = "The document could not be read: parsing it needs more memory or nesting than a document may use.";

    /// <summary>Words per minute for metadata.document.reading_time_minutes.</summary>
    public const int ReadingWordsPerMinute = 238;

    private const int MaxOffsetsPerEntity = 20;

    private readonly GraphChangeNotifier? _graphChanges;
    private readonly IUploadStore _uploads;
    private readonly IBlobStore _blobs;
    private readonly IKnowledgeStore _items;
    private readonly ITagStore _tags;
    private readonly IReadOnlyList<IDocumentExtractor> _extractors;
    private readonly ITextAnalyzer _analyzer;
    private readonly UploadOptions _options;
    private readonly KmtLimits _limits;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<IngestionService> _logger;
    private readonly RealtimeEvents? _realtime;

    public IngestionService(
        IUploadStore uploads,
        IBlobStore blobs,
        IKnowledgeStore items,
        ITagStore tags,
        IEnumerable<IDocumentExtractor> extractors,
        ITextAnalyzer analyzer,
        IOptions<UploadOptions> options,
        IOptions<KmtLimits> limits,
        TimeProvider timeProvider,
        ILogger<IngestionService> logger,
        GraphChangeNotifier? graphChanges = null,
        RealtimeEvents? realtime = null)
    {
        _realtime = realtime;
        _graphChanges = graphChanges;
        _uploads = uploads;
        _blobs = blobs;
        _items = items;
        _tags = tags;
        _extractors = extractors.ToArray();
        _analyzer = analyzer;
        _options = options.Value;
        _limits = limits.Value;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Claims re-tried after losing to a status write that was not another worker's claim.</summary>
    private const int MaxClaimRounds = 5;

    /// <summary>Turns one uploaded blob into a knowledge item, or records why it cannot be one.</summary>
    /// <param name="blobPath">The blob's path inside the uploads container: "{user}/{upload}/{file}" (the trigger's {name}).</param>
    /// <param name="content">The blob's bytes.</param>
    /// <param name="cancellationToken">Stops the run; what was recorded stays.</param>
    public async Task<IngestionOutcome> ProcessAsync(string blobPath, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobPath);
        ArgumentNullException.ThrowIfNull(content);

        if (!UploadPaths.TryParse(blobPath, out var userId, out var uploadId, out var fileName))
        {
            _logger.LogWarning("Ignored blob {BlobPath}: not an upload path; quarantined", blobPath);
            await QuarantineAsync(blobPath).ConfigureAwait(false);
            return new IngestionOutcome(IngestionOutcomeKind.Ignored, null);
        }

        // The path's user must own the upload: nobody can have another user's upload processed.
        var upload = await _uploads.GetAsync(userId, uploadId, cancellationToken).ConfigureAwait(false);
        if (upload is null || upload.UserId != userId || upload.Id != uploadId || !string.Equals(upload.FileName, fileName, StringComparison.Ordinal))
        {
            _logger.LogWarning("Ignored blob {BlobPath}: no upload of this user has this id and file name; quarantined", blobPath);
            await QuarantineAsync(blobPath).ConfigureAwait(false);
            return new IngestionOutcome(IngestionOutcomeKind.Ignored, null);
        }

        Upload? claimed;
        for (var round = 1; ; round++)
        {
            if (upload.Status is UploadStatus.Completed or UploadStatus.Duplicate or UploadStatus.Failed)
            {
                // A run that completed the upload but stopped before asking for the embeddings.
                if (upload is { Status: UploadStatus.Completed, EmbeddedAt: null, KnowledgeItemId: { } completedItemId }
                    && await _blobs.GetAsync(UploadPaths.EmbeddingRequestsContainer, UploadPaths.EmbeddingRequestPath(upload.UserId, completedItemId), cancellationToken).ConfigureAwait(false) is null)
                {
                    await RequestEmbeddingAsync(upload, completedItemId, cancellationToken).ConfigureAwait(false);
                    _logger.LogInformation("Upload {UploadId} is already completed; its embedding request was missing and is written again", upload.Id);
                }

                _logger.LogInformation("Upload {UploadId} is already {Status}; nothing to do", upload.Id, upload.Status);
                return new IngestionOutcome(IngestionOutcomeKind.AlreadyDone, upload);
            }

            var attempts = upload.Attempts + 1;
            if (attempts > _options.MaxAttempts)
            {
                var reason = OutOfAttemptsReason(upload.Attempts);
                var failed = await TryWriteAsync(upload, upload with { Status = UploadStatus.Failed, Reason = reason }, CancellationToken.None).ConfigureAwait(false);
                if (failed is null)
                {
                    return new IngestionOutcome(IngestionOutcomeKind.Busy, upload);
                }

                await QuarantineAsync(blobPath).ConfigureAwait(false);
                _logger.LogWarning("Upload {UploadId} failed: {Reason}", upload.Id, reason);
                return new IngestionOutcome(IngestionOutcomeKind.Failed, failed);
            }

            claimed = await TryWriteAsync(upload, upload with { Status = UploadStatus.Processing, Attempts = attempts, Reason = null }, cancellationToken).ConfigureAwait(false);
            if (claimed is not null)
            {
                break;
            }

            // Losing the claim is not always losing to another worker: the trigger can fire while the
            // upload service is still moving the record from pending to queued. Read it again and
            // claim again while it is still waiting; only another worker's claim means busy.
            var fresh = await _uploads.GetAsync(userId, uploadId, cancellationToken).ConfigureAwait(false);
            if (fresh is null || fresh.Status == UploadStatus.Processing || round >= MaxClaimRounds)
            {
                _logger.LogInformation("Upload {UploadId} is being processed by another worker", upload.Id);
                return new IngestionOutcome(IngestionOutcomeKind.Busy, fresh ?? upload);
            }

            upload = fresh;
        }

        var run = new Run(claimed);
        try
        {
            return await RunAsync(run, blobPath, content, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not PermanentFailure)
        {
            // A cancelled run (the host shutting down) does not use up the last attempt.
            if (claimed.Attempts >= _options.MaxAttempts && !cancellationToken.IsCancellationRequested)
            {
                _logger.LogError(e, "Upload {UploadId} failed on attempt {Attempt} of {MaxAttempts}; giving up", claimed.Id, claimed.Attempts, _options.MaxAttempts);
                return await FailAsync(run, blobPath, OutOfAttemptsReason(claimed.Attempts)).ConfigureAwait(false);
            }

            _logger.LogWarning(e, "Upload {UploadId} failed on attempt {Attempt} of {MaxAttempts}; it will be retried", claimed.Id, claimed.Attempts, _options.MaxAttempts);
            await TryWriteAsync(claimed, run.Upload with { Status = UploadStatus.Queued, Reason = null }, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        catch (PermanentFailure failure)
        {
            _logger.LogWarning("Upload {UploadId} failed: {Reason}", claimed.Id, failure.Reason);
            return await FailAsync(run, blobPath, failure.Reason).ConfigureAwait(false);
        }
    }

    private async Task<IngestionOutcome> RunAsync(Run run, string blobPath, Stream content, CancellationToken cancellationToken)
    {
        var upload = run.Upload;
        var timings = run.Timings;
        var clock = run.Clock;

        // A SAS upload target cannot cap the size (docs/design/ingestion.md, "An upload, end to end"): an
        // oversized blob is refused by its stored size before one byte of it is read, and deleted
        // rather than kept (and paid for) in quarantine.
        if (await _blobs.GetAsync(UploadPaths.UploadsContainer, blobPath, cancellationToken).ConfigureAwait(false) is { } stored
            && stored.Size > _options.MaxFileBytes)
        {
            throw await TooLargeAsync(upload, blobPath, stored.Size).ConfigureAwait(false);
        }

        await using var buffered = await BufferedContent.ReadAsync(content, _options.MaxFileBytes, cancellationToken).ConfigureAwait(false)
                                   ?? throw await TooLargeAsync(upload, blobPath, null).ConfigureAwait(false);
        timings.Add("read", clock);
        upload = run.Upload = upload with { SizeBytes = buffered.Length, ContentSha256 = buffered.Sha256 };

        // Same bytes as one of the user's earlier uploads whose item still exists: point to that item.
        var earlier = await _uploads.FindCompletedBySha256Async(upload.UserId, buffered.Sha256, cancellationToken).ConfigureAwait(false);
        if (earlier is { KnowledgeItemId: { } existingItemId } && earlier.Id != upload.Id && earlier.UserId == upload.UserId
            && await _items.GetAsync(upload.UserId, existingItemId, cancellationToken).ConfigureAwait(false) is { DeletedAt: null })
        {
            timings.Total(clock);
            var duplicate = await FinishAsync(upload with { Status = UploadStatus.Duplicate, KnowledgeItemId = existingItemId, TimingsMs = timings.Values }).ConfigureAwait(false);
            if (duplicate.Kind == IngestionOutcomeKind.Duplicate)
            {
                await _blobs.DeleteAsync(UploadPaths.UploadsContainer, blobPath, CancellationToken.None).ConfigureAwait(false);
                _logger.LogInformation("Upload {UploadId} duplicates upload {EarlierUploadId} (item {ItemId}); blob deleted", upload.Id, earlier.Id, existingItemId);
            }

            return duplicate;
        }

        // Parse: the bytes decide the format, never the name or the declared content type.
        var format = DocumentFormatSniffer.Detect(buffered.Stream) ?? throw new PermanentFailure(NotADocumentReason);
        buffered.Stream.Position = 0;
        var formatName = FormatName(format);
        upload = run.Upload = upload with { DetectedFormat = formatName };
        var extractor = _extractors.FirstOrDefault(e => e.Format == format);
        if (extractor is null)
        {
            _logger.LogError("No document extractor is registered for {Format}", format);
            throw new PermanentFailure(NotADocumentReason);
        }

        ExtractedDocument document;
        try
        {
            document = await extractor.ExtractAsync(buffered.Stream, Limits(), cancellationToken).ConfigureAwait(false);
        }
        catch (DocumentRejectedException rejected)
        {
            throw new PermanentFailure(rejected.Reason);
        }
        catch (Exception e) when (e is OutOfMemoryException or InsufficientExecutionStackException)
        {
            // The same file exhausts the same budget on every attempt: a retry only pays for it again.
            _logger.LogWarning(e, "Upload {UploadId}: parsing ran out of memory or stack", upload.Id);
            throw new PermanentFailure(TooComplexReason);
        }

        var fullText = document.Text ?? "";
        if (string.IsNullOrWhiteSpace(fullText))
        {
            throw new PermanentFailure(NoTextReason);
        }

        timings.Add("parse", clock);

        // Size before analysis (docs/api.md, "Long documents"): the item keeps what the API itself
        // accepts on PUT; the rest is marked truncated and stays in the upload's original file.
        var text = TextCut.Head(fullText, _limits.ContentMaxLength);
        var truncated = text.Length < fullText.Length;
        if (Encoding.UTF8.GetByteCount(text) > _options.MaxStoredContentBytes)
        {
            throw new PermanentFailure(TooLargeToStoreReason);
        }

        var analysis = await _analyzer.AnalyzeAsync(text, new TextAnalysisRequest { SummarySentences = _options.SummarySentences }, cancellationToken).ConfigureAwait(false);
        timings.Add("analysis", clock);

        // The item's id is the upload's: a retry after a crash finds (and reuses) what it made.
        var itemId = upload.Id;
        var now = _timeProvider.GetUtcNow();
        var wordCount = KnowledgeContent.CountWords(text, ContentType);
        var item = new KnowledgeItem
        {
            Id = itemId,
            UserId = upload.UserId,
            Title = ChooseTitle(upload, document),
            Content = text,
            ContentLength = text.Length,
            ContentTruncated = truncated,
            OriginalContentLength = truncated ? fullText.Length : null,
            SourceUploadId = upload.Id,
            ContentType = ContentType,
            SourceType = SourceType,
            Tags = upload.Tags,
            MetadataJson = Metadata(upload, document, analysis, formatName, wordCount, buffered.Length, buffered.Sha256),
            WordCount = wordCount,
            CreatedAt = now,
            UpdatedAt = now,
            AccessedAt = now,
            ETag = ETags.New(),
            GraphPendingSince = now,
        };

        if (item.Tags.Count > 0)
        {
            await _tags.EnsureExistAsync(upload.UserId, item.Tags, TagColors.Default, now, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await _items.CreateAsync(item, cancellationToken).ConfigureAwait(false);
        }
        catch (KmtException e) when (e.Code == ErrorCode.PayloadTooLarge)
        {
            // The store's item size limit: the same item never fits, so no retry.
            _logger.LogWarning(e, "Upload {UploadId}: the store refused item {ItemId} as too large", upload.Id, itemId);
            throw new PermanentFailure(TooLargeToStoreReason);
        }
        catch (KmtException e) when (e.Code == ErrorCode.Conflict)
        {
            // An earlier attempt made the item and stopped before marking the upload Completed.
            _ = await _items.GetAsync(upload.UserId, itemId, cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException(
                $"Creating item {itemId} conflicted but the item cannot be read.", e);
            _logger.LogInformation("Upload {UploadId}: item {ItemId} already exists from an earlier attempt; reusing it", upload.Id, itemId);
        }

        timings.Add("store", clock);
        timings.Total(clock);
        var outcome = await FinishAsync(upload with { Status = UploadStatus.Completed, KnowledgeItemId = itemId, Reason = null, TimingsMs = timings.Values }).ConfigureAwait(false);
        if (outcome.Kind == IngestionOutcomeKind.Completed)
        {
            if (_graphChanges is not null)
            {
                await _graphChanges.NotifyAsync(upload.UserId, itemId, CancellationToken.None).ConfigureAwait(false);
            }

            // Searchable now; the vectors follow. Should this write fail, the upload is Completed already:
            // the exception reaches the host, and its retry writes the request (see the AlreadyDone path).
            await RequestEmbeddingAsync(outcome.Upload!, itemId, CancellationToken.None).ConfigureAwait(false);
            _logger.LogInformation(
                "Upload {UploadId} completed: item {ItemId}, {Format}, {Bytes} bytes, {Words} words, embedding requested; timings (ms) {Timings}",
                upload.Id, itemId, formatName, buffered.Length, wordCount, timings.Describe());
        }

        return outcome;
    }

    /// <summary>Writes (or rewrites: the path is the item's) the request that the second stage embeds the item.</summary>
    private Task RequestEmbeddingAsync(Upload upload, string itemId, CancellationToken cancellationToken) =>
        EmbeddingRequests.WriteAsync(_blobs, upload.UserId, itemId, new JsonObject { ["upload_id"] = upload.Id, ["content_sha256"] = upload.ContentSha256 }, cancellationToken);

    /// <summary>Writes the finished upload (Completed or Duplicate) over the claimed one.</summary>
    private async Task<IngestionOutcome> FinishAsync(Upload finished)
    {
        var kind = finished.Status == UploadStatus.Duplicate ? IngestionOutcomeKind.Duplicate : IngestionOutcomeKind.Completed;

        // Not cancellable: the work is done, and the record must say so.
        var written = await TryWriteAsync(finished, finished, CancellationToken.None).ConfigureAwait(false);
        if (written is not null)
        {
            return new IngestionOutcome(kind, written);
        }

        // Another worker re-claimed the upload meanwhile; whatever it recorded stands.
        var current = await _uploads.GetAsync(finished.UserId, finished.Id, CancellationToken.None).ConfigureAwait(false);
        return current?.Status == finished.Status ? new IngestionOutcome(kind, current) : new IngestionOutcome(IngestionOutcomeKind.Busy, current);
    }

    /// <summary>Fails the claimed upload for good, keeping what was learnt of the file (size, hash, format).</summary>
    /// <summary>Deletes an oversized blob and returns the permanent failure that fails its upload.</summary>
    private async Task<PermanentFailure> TooLargeAsync(Upload upload, string blobPath, long? size)
    {
        _logger.LogWarning("Upload {UploadId}: the file ({Size} bytes) is over the limit of {MaxBytes} bytes; deleted unread", upload.Id, size, _options.MaxFileBytes);
        await _blobs.DeleteAsync(UploadPaths.UploadsContainer, blobPath, CancellationToken.None).ConfigureAwait(false);
        return new PermanentFailure(UploadRules.TooLargeReason(_options.MaxFileBytes));
    }

    private async Task<IngestionOutcome> FailAsync(Run run, string blobPath, string reason)
    {
        run.Timings.Total(run.Clock);
        var failed = await TryWriteAsync(run.Upload, run.Upload with { Status = UploadStatus.Failed, Reason = reason, TimingsMs = run.Timings.Values }, CancellationToken.None).ConfigureAwait(false);
        if (failed is null)
        {
            // Someone else moved the upload on meanwhile; their record stands and the blob stays.
            return new IngestionOutcome(IngestionOutcomeKind.Busy, await _uploads.GetAsync(run.Upload.UserId, run.Upload.Id, CancellationToken.None).ConfigureAwait(false));
        }

        await QuarantineAsync(blobPath).ConfigureAwait(false);
        return new IngestionOutcome(IngestionOutcomeKind.Failed, failed);
    }

    /// <summary>Replaces <paramref name="current"/> by <paramref name="next"/> (new ETag, updated now); null when someone else wrote first.</summary>
    private async Task<Upload?> TryWriteAsync(Upload current, Upload next, CancellationToken cancellationToken)
    {
        var written = next with { UpdatedAt = _timeProvider.GetUtcNow(), ETag = ETags.New() };
        try
        {
            await _uploads.ReplaceAsync(written, current.ETag, cancellationToken).ConfigureAwait(false);
            if (_realtime is not null)
            {
                // The client's live upload status (real-time upload_status); best effort. Not compared
                // with current.Status: the final write passes the finished upload as both.
                await _realtime.UploadStatusChangedAsync(written).ConfigureAwait(false);
            }

            return written;
        }
        catch (KmtException e) when (e.Code is ErrorCode.PreconditionFailed or ErrorCode.NotFound)
        {
            return null;
        }
    }

    private async Task QuarantineAsync(string blobPath)
    {
        try
        {
            await _blobs.MoveAsync(UploadPaths.UploadsContainer, blobPath, UploadPaths.QuarantineContainer, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The outcome is recorded already; a blob left in place is only untidy.
            _logger.LogWarning(e, "Could not quarantine blob {BlobPath}", blobPath);
        }
    }

    private ExtractionLimits Limits() => new()
    {
        MaxPages = _options.MaxPdfPages,
        MaxTextCharacters = _options.MaxTextCharacters,
        MaxUncompressedBytes = _options.MaxUncompressedBytes,
    };

    private string ChooseTitle(Upload upload, ExtractedDocument document)
    {
        var title = FirstNonBlank(
            upload.Title,
            document.Title,
            document.Headings.FirstOrDefault(h => !string.IsNullOrWhiteSpace(h)),
            Path.GetFileNameWithoutExtension(upload.FileName),
            upload.FileName)!;
        return title.Length > _limits.TitleMaxLength ? TextCut.Head(title, _limits.TitleMaxLength).TrimEnd() : title;
    }

    private static string? FirstNonBlank(params string?[] candidates)
    {
        foreach (var candidate in candidates)
        {
            if (!string.IsNullOrWhiteSpace(candidate))
            {
                return CollapseWhitespace(candidate);
            }
        }

        return null;
    }

    private static string CollapseWhitespace(string value)
    {
        var builder = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value.Trim())
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = true;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>"pdf", "docx", "html", "markdown", "plain_text".</summary>
    public static string FormatName(DocumentFormat format) => JsonNamingPolicy.SnakeCaseLower.ConvertName(format.ToString());

    private static string Metadata(Upload upload, ExtractedDocument document, TextAnalysisResult analysis, string formatName, int wordCount, long sizeBytes, string sha256)
    {
        var metadata = new JsonObject
        {
            ["summary"] = new JsonArray(analysis.Summary.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
            ["key_phrases"] = new JsonArray(analysis.KeyPhrases.Select(p => (JsonNode?)new JsonObject
            {
                ["text"] = p.Text,
                ["count"] = p.Count,
                ["score"] = double.IsFinite(p.Score) ? Math.Round(p.Score, 4) : 0,
            }).ToArray()),
            ["entities"] = new JsonArray(analysis.Entities.Select(e => (JsonNode?)new JsonObject
            {
                ["text"] = e.Text,
                ["category"] = e.Category,
                ["count"] = e.Count,
                ["offsets"] = new JsonArray(e.Offsets.Take(MaxOffsetsPerEntity).Select(o => (JsonNode?)JsonValue.Create(o)).ToArray()),
            }).ToArray()),
            ["document"] = new JsonObject
            {
                ["format"] = formatName,
                ["file_name"] = upload.FileName,
                ["title"] = string.IsNullOrWhiteSpace(document.Title) ? null : CollapseWhitespace(document.Title),
                ["author"] = string.IsNullOrWhiteSpace(document.Author) ? null : CollapseWhitespace(document.Author),
                ["created_at"] = document.CreatedAt?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["page_count"] = document.PageCount,
                ["language"] = analysis.Language,
                ["word_count"] = wordCount,
                ["reading_time_minutes"] = (int)Math.Ceiling(wordCount / (double)ReadingWordsPerMinute),
                ["size_bytes"] = sizeBytes,
                ["sha256"] = sha256,
            },
            ["upload_id"] = upload.Id,
        };
        return metadata.ToJsonString();
    }

    private const string TooLargeToStoreReason =
        "The document's text is too large to store as one item; split it into smaller files.";

    private static string OutOfAttemptsReason(int attempts) => $"We could not process this file after {attempts} attempts.";

    /// <summary>A document that can never be ingested: the upload fails with this reason, without retries.</summary>
    private sealed class PermanentFailure(string reason) : Exception(reason)
    {
        public string Reason => Message;
    }

    /// <summary>One run's state: the claimed upload as far as it is known (its ETag stays the claim's) and the phase timings.</summary>
    private sealed class Run(Upload claimed)
    {
        public Upload Upload { get; set; } = claimed;

        public Timings Timings { get; } = new();

        public Stopwatch Clock { get; } = Stopwatch.StartNew();
    }

    private sealed class Timings
    {
        private readonly Dictionary<string, double> _values = new(StringComparer.Ordinal);
        private double _last;

        public IReadOnlyDictionary<string, double> Values => new Dictionary<string, double>(_values);

        public void Add(string phase, Stopwatch clock)
        {
            var now = clock.Elapsed.TotalMilliseconds;
            _values[phase] = Math.Round(now - _last, 3);
            _last = now;
        }

        public void Total(Stopwatch clock) => _values["total"] = Math.Round(clock.Elapsed.TotalMilliseconds, 3);

        public string Describe() => string.Join(", ", _values.Select(v => $"{v.Key}={v.Value.ToString("0.#", CultureInfo.InvariantCulture)}"));
    }
}
