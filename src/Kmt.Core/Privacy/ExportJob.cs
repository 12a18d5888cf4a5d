namespace Kmt.Core.Privacy;

public enum ExportStatus
{
    Queued,
    Running,
    Completed,
    Failed,
}

/// <summary>
/// One data export (docs/api.md, "Export"). Its request blob (export-requests/{user}/{id}) starts the
/// background job; the zip lands at exports/{user}/{id}.zip. Partition: UserId.
/// </summary>
public sealed record ExportJob
{
    public required string Id { get; init; }

    public required string UserId { get; init; }

    public required ExportStatus Status { get; init; }

    /// <summary>Why it failed, in words a person can act on.</summary>
    public string? Reason { get; init; }

    public int Attempts { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>When the download stops working (completed exports only).</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    public long? SizeBytes { get; init; }

    public int? ItemCount { get; init; }

    public int? FileCount { get; init; }

    public string BlobPath => PrivacyPaths.ExportPath(UserId, Id);
}
