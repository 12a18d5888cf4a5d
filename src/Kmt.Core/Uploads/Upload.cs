namespace Kmt.Core.Uploads;

public enum UploadStatus
{
    /// <summary>Waiting for its bytes (two-step upload) or for the blob trigger.</summary>
    Pending,
    Queued,
    Processing,
    Completed,
    Duplicate,
    Failed,
}

/// <summary>
/// One uploaded file and what became of it. Partition: UserId. Its blob lives at
/// uploads/{UserId}/{Id}/{FileName}, so the path alone names the owner and the upload.
/// </summary>
public sealed record Upload
{
    public required string Id { get; init; }

    public required string UserId { get; init; }

    /// <summary>The file name as sent, reduced to a safe single path segment.</summary>
    public required string FileName { get; init; }

    public string? Title { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public required UploadStatus Status { get; init; }

    /// <summary>Why it failed, in words a person can act on.</summary>
    public string? Reason { get; init; }

    /// <summary>The item made from it (Completed) or the item that already holds these bytes (Duplicate).</summary>
    public string? KnowledgeItemId { get; init; }

    public long? SizeBytes { get; init; }

    /// <summary>Hex SHA-256 of the bytes, once received; same-user duplicates are found by it.</summary>
    public string? ContentSha256 { get; init; }

    public string? DetectedFormat { get; init; }

    /// <summary>Processing attempts so far; bounded like the host's maxDequeueCount (5).</summary>
    public int Attempts { get; init; }

    /// <summary>
    /// Milliseconds spent per phase on the last run: ingestion's read, parse, analysis, store and
    /// total, then "embedding" once the second stage (<c>EmbeddingService</c>) has embedded the item.
    /// </summary>
    public IReadOnlyDictionary<string, double>? TimingsMs { get; init; }

    /// <summary>Chunks of the item's text embedded by the second stage; null until it has run.</summary>
    public int? EmbeddedChunks { get; init; }

    /// <summary>When the second stage stored the item's vectors; null while they are pending (the item is already searchable).</summary>
    public DateTimeOffset? EmbeddedAt { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The last change by ingestion (status, attempts); the second stage records <see cref="EmbeddedAt"/> instead.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    public required string ETag { get; init; }

    public string BlobPath => UploadPaths.BlobPath(UserId, Id, FileName);
}
