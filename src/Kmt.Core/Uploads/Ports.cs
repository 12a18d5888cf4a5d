namespace Kmt.Core.Uploads;

public interface IUploadStore
{
    Task CreateAsync(Upload upload, CancellationToken cancellationToken);

    Task<Upload?> GetAsync(string userId, string uploadId, CancellationToken cancellationToken);

    /// <summary>Replaces when the stored ETag matches; PRECONDITION_FAILED otherwise (the caller lost a race).</summary>
    Task ReplaceAsync(Upload upload, string expectedETag, CancellationToken cancellationToken);

    /// <summary>Deletes the upload record (a permanent delete of its item); false when there was none.</summary>
    Task<bool> DeleteAsync(string userId, string uploadId, CancellationToken cancellationToken);

    /// <summary>The user's completed upload with these bytes whose item still exists, if any.</summary>
    Task<Upload?> FindCompletedBySha256Async(string userId, string sha256, CancellationToken cancellationToken);

    /// <summary>
    /// Uploads of any user still Queued or Processing whose last change is before <paramref name="updatedBefore"/>,
    /// at most <paramref name="max"/>, oldest first: what a crash left behind (<see cref="UploadSweeper"/>). The one
    /// query that spans users: a background sweep, never on a request path.
    /// </summary>
    Task<IReadOnlyList<Upload>> ListStalledAsync(DateTimeOffset updatedBefore, int max, CancellationToken cancellationToken);

    /// <summary>The user's uploads ordered by id, after <paramref name="afterId"/> when given, at most <paramref name="take"/> (the export walks them).</summary>
    Task<IReadOnlyList<Upload>> ListAsync(string userId, string? afterId, int take, CancellationToken cancellationToken);
}

/// <summary>A stored blob.</summary>
public sealed record BlobItem(string Container, string Path, long Size, string ETag, DateTimeOffset LastModified);

/// <summary>
/// Blob storage: a local folder (embedded) or Azure Blob Storage. Paths use "/" and never start
/// with it; containers are flat names ("uploads", "quarantine").
/// </summary>
public interface IBlobStore
{
    /// <summary>Writes (replacing) and returns the new blob. Throws PAYLOAD_TOO_LARGE past <paramref name="maxBytes"/>, leaving nothing behind.</summary>
    Task<BlobItem> WriteAsync(string container, string path, Stream content, long maxBytes, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a new blob, never replacing one: CONFLICT (and the existing blob untouched) when a blob
    /// already exists at the path, PAYLOAD_TOO_LARGE past <paramref name="maxBytes"/>. The local upload
    /// target uses it so a second PUT to the same upload cannot swap the file (docs/api.md, "Uploads").
    /// </summary>
    Task<BlobItem> CreateAsync(string container, string path, Stream content, long maxBytes, CancellationToken cancellationToken);

    Task<Stream?> OpenReadAsync(string container, string path, CancellationToken cancellationToken);

    Task<BlobItem?> GetAsync(string container, string path, CancellationToken cancellationToken);

    /// <summary>Copies to the other container and deletes the source; a missing source is a no-op.</summary>
    Task MoveAsync(string fromContainer, string path, string toContainer, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string container, string path, CancellationToken cancellationToken);

    IAsyncEnumerable<BlobItem> ListAsync(string container, string prefix, CancellationToken cancellationToken);
}

/// <summary>Where a client sends the bytes of a two-step upload.</summary>
/// <param name="Url">Absolute (Azure: a SAS URL) or relative to the API's host (local: the authenticated PUT endpoint).</param>
public sealed record UploadTarget(string Url, string Method, IReadOnlyDictionary<string, string> Headers, DateTimeOffset ExpiresAt);

/// <summary>
/// Issues the target of a two-step upload: on Azure a short-lived user-delegation SAS URL scoped to
/// the one blob; locally the API's own authenticated PUT endpoint.
/// </summary>
public interface IUploadTargetIssuer
{
    Task<UploadTarget> IssueAsync(Upload upload, TimeSpan lifetime, CancellationToken cancellationToken);
}
