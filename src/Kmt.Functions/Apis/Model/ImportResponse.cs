using Kmt.Core.Import;

namespace Kmt.Functions.Apis.Model;

/// <summary>
/// An import's state (docs/api.md, "Import"): status queued, running, completed or failed (reason:
/// the file as a whole); counts; and the failed records with their line (or file in a zip) and reason.
/// </summary>
public sealed record ImportResponse(
    string ImportId,
    string Status,
    string StatusUrl,
    string Format,
    string? FileName,
    long SizeBytes,
    string? Reason,
    ImportCountsResponse Counts,
    IReadOnlyList<ImportFailureResponse> Failures,
    bool FailuresTruncated,
    int Wikilinks,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt)
{
    public static string StatusUrlOf(string importId) => $"/api/v1/import/{importId}";

    public static ImportResponse From(ImportJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new(
            job.Id,
            job.Status.ToString().ToLowerInvariant(),
            StatusUrlOf(job.Id),
            ImportFormats.NameOf(job.Format),
            job.FileName,
            job.SizeBytes,
            job.Reason,
            new ImportCountsResponse(job.Created, job.Skipped, job.Failed, job.NotRecorded),
            job.Failures.Select(f => new ImportFailureResponse(f.Line, f.Entry, f.Reason)).ToList(),
            job.Failures.Count < job.Failed,
            job.LinkCount,
            job.CreatedAt,
            job.StartedAt,
            job.CompletedAt);
    }
}

/// <summary>created: new records; skipped: already held (a re-import); failed: refused (see failures); not_recorded: reads and searches left out without the activity_tracking consent.</summary>
public sealed record ImportCountsResponse(int Created, int Skipped, int Failed, int NotRecorded);

/// <summary>One refused record: its 1-based line (null in a zip, where entry names the file) and why.</summary>
public sealed record ImportFailureResponse(int? Line, string? Entry, string Reason);
