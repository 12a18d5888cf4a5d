using Kmt.Core.Uploads;

namespace Kmt.Functions.Apis.Model;

/// <summary>
/// An upload's state. <c>status</c>: pending, queued, processing, completed, duplicate or failed; a
/// completed upload's item is searchable. <c>embedding_status</c>: the second stage, which adds the
/// item's vectors: pending (from completed until they are stored), completed, or not_applicable
/// (duplicate and failed uploads, which made no item); null while the upload is not finished.
/// </summary>
public sealed record UploadStatusResponse(
    string UploadId,
    string Status,
    string StatusUrl,
    string FileName,
    string? KnowledgeItemId,
    string? Reason,
    long? SizeBytes,
    string? DetectedFormat,
    int Attempts,
    IReadOnlyDictionary<string, double>? TimingsMs,
    string? EmbeddingStatus,
    int? EmbeddedChunks,
    DateTimeOffset? EmbeddedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static string StatusUrlOf(string uploadId) => $"/api/v1/upload/{uploadId}/status";

    public static string? EmbeddingStatusOf(Upload upload) => upload switch
    {
        { EmbeddedAt: not null } => "completed",
        { Status: UploadStatus.Completed } => "pending",
        { Status: UploadStatus.Duplicate or UploadStatus.Failed } => "not_applicable",
        _ => null,
    };

    public static UploadStatusResponse From(Upload upload) => new(
        upload.Id,
        upload.Status.ToString().ToLowerInvariant(),
        StatusUrlOf(upload.Id),
        upload.FileName,
        upload.KnowledgeItemId,
        upload.Reason,
        upload.SizeBytes,
        upload.DetectedFormat,
        upload.Attempts,
        upload.TimingsMs,
        EmbeddingStatusOf(upload),
        upload.EmbeddedChunks,
        upload.EmbeddedAt,
        upload.CreatedAt,
        upload.UpdatedAt);
}

/// <summary>The answer to POST upload/sessions: where to send the bytes, and how.</summary>
public sealed record UploadSessionResponse(
    string UploadId,
    string Status,
    string StatusUrl,
    string UploadUrl,
    string Method,
    IReadOnlyDictionary<string, string> Headers,
    DateTimeOffset ExpiresAt)
{
    public static UploadSessionResponse From(BegunUpload begun) => new(
        begun.Upload.Id,
        begun.Upload.Status.ToString().ToLowerInvariant(),
        UploadStatusResponse.StatusUrlOf(begun.Upload.Id),
        begun.Target.Url,
        begun.Target.Method,
        begun.Target.Headers,
        begun.Target.ExpiresAt);
}
