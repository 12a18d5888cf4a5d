using Kmt.Core.Privacy;

namespace Kmt.Functions.Apis.Model;

/// <summary>
/// An export's state: status queued, running, completed or failed (with reason); once completed,
/// download_url until expires_at (docs/api.md, "Export").
/// </summary>
public sealed record ExportResponse(
    string ExportId,
    string Status,
    string StatusUrl,
    string? DownloadUrl,
    string? Reason,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? ExpiresAt,
    bool Expired,
    long? SizeBytes,
    int? ItemCount,
    int? FileCount)
{
    public static string StatusUrlOf(string exportId) => $"/api/v1/users/export/{exportId}";

    public static ExportResponse From(ExportJob job, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(job);
        var expired = job.ExpiresAt is { } e && e <= now;
        return new(
            job.Id,
            job.Status.ToString().ToLowerInvariant(),
            StatusUrlOf(job.Id),
            job.Status == ExportStatus.Completed && !expired ? StatusUrlOf(job.Id) + "/download" : null,
            job.Reason,
            job.CreatedAt,
            job.StartedAt,
            job.CompletedAt,
            job.ExpiresAt,
            expired,
            job.SizeBytes,
            job.ItemCount,
            job.FileCount);
    }
}
