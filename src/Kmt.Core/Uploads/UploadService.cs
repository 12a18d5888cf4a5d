using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Uploads;

/// <summary>
/// "Upload and forget": accepts the caller's files (multipart, or the two-step session path), stores
/// each as uploads/{user}/{upload}/{file} and queues it for the blob-triggered ingestion
/// (<see cref="IngestionService"/>); reports what became of each upload.
/// </summary>
public sealed class UploadService
{
    private readonly IUploadStore _uploads;
    private readonly IBlobStore _blobs;
    private readonly IUploadTargetIssuer _targets;
    private readonly UploadOptions _options;
    private readonly KmtLimits _limits;
    private readonly TimeProvider _timeProvider;

    public UploadService(
        IUploadStore uploads,
        IBlobStore blobs,
        IUploadTargetIssuer targets,
        IOptions<UploadOptions> options,
        IOptions<KmtLimits> limits,
        TimeProvider timeProvider)
    {
        _uploads = uploads;
        _blobs = blobs;
        _targets = targets;
        _options = options.Value;
        _limits = limits.Value;
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// POST upload (multipart): every file becomes one upload, queued once its bytes are stored. All
    /// fields and declared sizes are checked before anything is written; a file that turns out larger
    /// than the limit while it is being stored fails with PAYLOAD_TOO_LARGE (its upload is marked
    /// Failed, files before it stay queued).
    /// </summary>
    public async Task<IReadOnlyList<Upload>> CreateAsync(AuthenticatedUser caller, IReadOnlyList<IncomingFile> files, UploadDetails details, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(details);
        var validation = new Validation();
        if (files is null || files.Count == 0)
        {
            throw new ValidationException("files", "Send at least one file.");
        }

        if (files.Count > _options.MaxFilesPerRequest)
        {
            throw new ValidationException("files", $"Send at most {_options.MaxFilesPerRequest} files per request.");
        }

        var (title, tags) = UploadRules.Details(details.Title, details.Tags, _limits, validation);
        for (var i = 0; i < files.Count; i++)
        {
            if (files[i]?.Content is null)
            {
                validation.Add($"files[{i}]", "The file has no content.");
            }
            else if (KnownLength(files[i]) == 0)
            {
                validation.Add($"files[{i}]", "The file is empty.");
            }
        }

        validation.ThrowIfInvalid();
        if (files.Any(f => KnownLength(f) > _options.MaxFileBytes))
        {
            throw UploadRules.TooLarge(_options.MaxFileBytes);
        }

        // Streams of unknown length: read one byte to reject an empty file before anything is stored.
        var contents = new Stream[files.Count];
        for (var i = 0; i < files.Count; i++)
        {
            contents[i] = KnownLength(files[i]) is > 0
                ? files[i].Content
                : await PrefixedReadStream.NonEmptyOrNullAsync(files[i].Content, cancellationToken).ConfigureAwait(false)
                  ?? throw new ValidationException($"files[{i}]", "The file is empty.");
        }

        var created = new List<Upload>(files.Count);
        for (var i = 0; i < files.Count; i++)
        {
            var upload = NewUpload(caller, files[i].FileName, title, tags);
            await _uploads.CreateAsync(upload, cancellationToken).ConfigureAwait(false);
            created.Add(await StoreAndQueueAsync(upload, contents[i], cancellationToken).ConfigureAwait(false));
        }

        return created;
    }

    /// <summary>POST upload/sessions: a Pending upload and where to send its bytes.</summary>
    public async Task<BegunUpload> BeginAsync(AuthenticatedUser caller, BeginUploadInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        var validation = new Validation();
        validation.Require(!string.IsNullOrWhiteSpace(input.FileName), "file_name", "file_name is required.");
        validation.Require(input.SizeBytes is null or > 0, "size_bytes", "size_bytes must be at least 1 (the file cannot be empty).");
        var (title, tags) = UploadRules.Details(input.Title, input.Tags, _limits, validation);
        validation.ThrowIfInvalid();
        if (input.SizeBytes > _options.MaxFileBytes)
        {
            throw UploadRules.TooLarge(_options.MaxFileBytes);
        }

        var upload = NewUpload(caller, input.FileName, title, tags);
        await _uploads.CreateAsync(upload, cancellationToken).ConfigureAwait(false);
        var target = await _targets.IssueAsync(upload, _options.UploadTargetLifetime, cancellationToken).ConfigureAwait(false);
        return new BegunUpload(upload, target);
    }

    /// <summary>
    /// PUT upload/{id}/content (the local upload target): stores the bytes of a Pending upload of the
    /// caller and queues it. CONFLICT when it already has its bytes or its target has expired.
    /// </summary>
    public async Task<Upload> ReceiveContentAsync(AuthenticatedUser caller, string uploadId, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var upload = await LoadAsync(caller, uploadId, cancellationToken).ConfigureAwait(false);
        if (upload.Status != UploadStatus.Pending)
        {
            throw AlreadyReceived();
        }

        if (_timeProvider.GetUtcNow() > upload.CreatedAt + _options.UploadTargetLifetime)
        {
            throw KmtException.Conflict("This upload's target has expired. Start a new upload.");
        }

        var nonEmpty = await PrefixedReadStream.NonEmptyOrNullAsync(content, cancellationToken).ConfigureAwait(false)
                       ?? throw new ValidationException("content", "The file is empty.");
        return await StoreAndQueueAsync(upload, nonEmpty, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>GET upload/{id}/status. Unknown, malformed and other users' ids are all NOT_FOUND.</summary>
    public Task<Upload> GetStatusAsync(AuthenticatedUser caller, string uploadId, CancellationToken cancellationToken) =>
        LoadAsync(caller, uploadId, cancellationToken);

    private static long? KnownLength(IncomingFile file)
    {
        if (file.Length is { } declared)
        {
            return declared;
        }

        try
        {
            return file.Content.CanSeek ? file.Content.Length - file.Content.Position : null;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    private Upload NewUpload(AuthenticatedUser caller, string? fileName, string? title, IReadOnlyList<string> tags)
    {
        var now = _timeProvider.GetUtcNow();
        return new Upload
        {
            Id = Ids.New(),
            UserId = caller.UserId,
            FileName = UploadRules.SanitizeFileName(fileName),
            Title = title,
            Tags = tags,
            Status = UploadStatus.Pending,
            CreatedAt = now,
            UpdatedAt = now,
            ETag = ETags.New(),
        };
    }

    /// <summary>Writes the blob (size-capped, hashed on the way) and moves the upload from Pending to Queued.</summary>
    private async Task<Upload> StoreAndQueueAsync(Upload upload, Stream content, CancellationToken cancellationToken)
    {
        BlobItem blob;
        string? sha256;
        await using (var hashing = new HashingReadStream(content))
        {
            try
            {
                // Create-only: of two PUTs to one upload, the second can never replace the first one's file.
                blob = await _blobs.CreateAsync(UploadPaths.UploadsContainer, upload.BlobPath, hashing, _options.MaxFileBytes, cancellationToken).ConfigureAwait(false);
            }
            catch (KmtException e) when (e.Code == ErrorCode.Conflict)
            {
                throw AlreadyReceived();
            }
            catch (KmtException e) when (e.Code == ErrorCode.PayloadTooLarge)
            {
                await TryMarkAsync(upload, UploadStatus.Failed, UploadRules.TooLargeReason(_options.MaxFileBytes)).ConfigureAwait(false);
                throw UploadRules.TooLarge(_options.MaxFileBytes);
            }

            sha256 = hashing.ReachedEnd && hashing.BytesRead == blob.Size ? hashing.HashHexIfComplete() : null;
        }

        var queued = upload with
        {
            Status = UploadStatus.Queued,
            SizeBytes = blob.Size,
            ContentSha256 = sha256,
            UpdatedAt = _timeProvider.GetUtcNow(),
            ETag = ETags.New(),
        };

        try
        {
            await _uploads.ReplaceAsync(queued, upload.ETag, cancellationToken).ConfigureAwait(false);
            return queued;
        }
        catch (KmtException e) when (e.Code == ErrorCode.PreconditionFailed)
        {
            // The blob trigger was quicker and has already moved the upload on: its state wins.
            return await _uploads.GetAsync(upload.UserId, upload.Id, cancellationToken).ConfigureAwait(false) ?? queued;
        }
    }

    private static KmtException AlreadyReceived() => KmtException.Conflict("This upload has already received its file.");

    private async Task TryMarkAsync(Upload upload, UploadStatus status, string reason)
    {
        try
        {
            var marked = upload with { Status = status, Reason = reason, UpdatedAt = _timeProvider.GetUtcNow(), ETag = ETags.New() };

            // Not cancellable: the client may be gone, the record should still say what happened.
            await _uploads.ReplaceAsync(marked, upload.ETag, CancellationToken.None).ConfigureAwait(false);
        }
        catch (KmtException e) when (e.Code is ErrorCode.PreconditionFailed or ErrorCode.NotFound)
        {
        }
    }

    private async Task<Upload> LoadAsync(AuthenticatedUser caller, string uploadId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!Ids.IsWellFormed(uploadId))
        {
            throw KmtException.NotFound("Upload");
        }

        var upload = await _uploads.GetAsync(caller.UserId, uploadId, cancellationToken).ConfigureAwait(false);
        return upload is not null && upload.UserId == caller.UserId ? upload : throw KmtException.NotFound("Upload");
    }
}
