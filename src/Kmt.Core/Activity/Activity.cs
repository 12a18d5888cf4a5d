namespace Kmt.Core.Activity;

/// <summary>One tracked event (the seed's user_activities). Partition: UserId.</summary>
public sealed record UserActivity
{
    /// <summary>Client-supplied when the client wants retries to be idempotent; generated otherwise.</summary>
    public required string Id { get; init; }

    public required string UserId { get; init; }

    public required string ActivityType { get; init; }

    public string? EntityType { get; init; }

    public string? EntityId { get; init; }

    public int? DurationSeconds { get; init; }

    public string MetadataJson { get; init; } = "{}";

    /// <summary>When it happened on the client (defaults to when it was received).</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>When KMT received it.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A reading of one item from start to finish (the seed's reading_sessions).</summary>
public sealed record ReadingSession
{
    public required string Id { get; init; }

    public required string UserId { get; init; }

    public required string KnowledgeItemId { get; init; }

    public required DateTimeOffset StartTime { get; init; }

    public DateTimeOffset? EndTime { get; init; }

    public int? DurationSeconds { get; init; }

    /// <summary>0..100.</summary>
    public double CompletionPercentage { get; init; }

    /// <summary>Words read (item words x completion) per minute of reading.</summary>
    public int? ReadingSpeedWpm { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }
}

public static class ReadingActivityTypes
{
    public const string Started = "reading_started";
    public const string Progress = "reading_progress";
    public const string Finished = "reading_finished";
}
