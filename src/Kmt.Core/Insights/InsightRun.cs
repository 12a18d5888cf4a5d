namespace Kmt.Core.Insights;

/// <summary>
/// One pass of the insight pipeline for one user (docs/design/insights.md, "Insight pipeline"), keyed by
/// (<see cref="UserId"/>, <see cref="RunId"/>): the nightly run of a date or a refresh the user asked for.
/// Every step of the pipeline writes under this key, so a retried step rewrites the same record.
/// </summary>
public sealed record InsightRun
{
    public required string UserId { get; init; }

    /// <summary>"nightly-yyyy-MM-dd" for the scheduled run of that date; a new id for each refresh.</summary>
    public required string RunId { get; init; }

    /// <summary><see cref="InsightTriggers.Nightly"/> or <see cref="InsightTriggers.Refresh"/>.</summary>
    public required string Trigger { get; init; }

    /// <summary><see cref="InsightRunStatuses"/>: pending, running, completed, failed or skipped.</summary>
    public required string Status { get; init; }

    /// <summary>
    /// The instant the run's features describe: recency is measured against it (not against the clock
    /// when a step happens to run), so a retried step computes the same result.
    /// </summary>
    public required DateTimeOffset AsOf { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Items in the feature snapshot; null until the snapshot step has run.</summary>
    public int? ItemCount { get; init; }

    /// <summary>Items given an importance score; null until the importance step has run.</summary>
    public int? ScoredCount { get; init; }

    /// <summary>Why the run failed (the failing step's message), when <see cref="Status"/> is failed.</summary>
    public string? Error { get; init; }
}
