namespace Kmt.Core.Import;

/// <summary>
/// One import (docs/api.md, "Import"): the counts and the failures the status URL reports. Kept in
/// the person's partition (erased with the account, listed in the data export). Partition: UserId.
/// </summary>
public sealed record ImportJob
{
    public required string Id { get; init; }

    public required string UserId { get; init; }

    public required ImportFormat Format { get; init; }

    public required ImportStatus Status { get; init; }

    /// <summary>The file's name when the client sent one (Content-Disposition or ?file_name=), for the person's own reference.</summary>
    public string? FileName { get; init; }

    public long SizeBytes { get; init; }

    /// <summary>Why the whole import failed (a bad zip, a file over a limit), in words a person can act on; per-record problems are in <see cref="Failures"/>.</summary>
    public string? Reason { get; init; }

    public int Attempts { get; init; }

    /// <summary>Records made (items, reading sessions, searches).</summary>
    public int Created { get; init; }

    /// <summary>Records already held (same source_id or the same event): what makes a re-import a no-op.</summary>
    public int Skipped { get; init; }

    /// <summary>Records refused; the first <see cref="ImportOptions.MaxReportedFailures"/> of them are in <see cref="Failures"/>.</summary>
    public int Failed { get; init; }

    /// <summary>Reads and searches left out because the person has withdrawn the activity_tracking consent.</summary>
    public int NotRecorded { get; init; }

    public IReadOnlyList<ImportFailure> Failures { get; init; } = [];

    /// <summary>
    /// [[Wikilinks]] found in the notes this import created (a Markdown vault). The links themselves
    /// are in each item's metadata.wikilinks, where the knowledge graph picks them up (docs/api.md, "Import").
    /// </summary>
    public int LinkCount { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }
}

public enum ImportStatus
{
    Queued,
    Running,
    Completed,
    Failed,
}

/// <summary>
/// A record that was not imported: its line (1-based; the first line of a multi-line record) and, for
/// an archive, the file inside it.
/// </summary>
public sealed record ImportFailure(int? Line, string? Entry, string Reason);
