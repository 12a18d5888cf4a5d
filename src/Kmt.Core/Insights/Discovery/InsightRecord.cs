namespace Kmt.Core.Insights.Discovery;

/// <summary>
/// One stored insight of a person: a dormant discovery, a knowledge gap, or a content or learning
/// recommendation (<see cref="Kind"/>). Its <see cref="Id"/> is derived from (user, kind, subject), so
/// every run that finds the same insight writes the same record and its status survives the rerun.
/// </summary>
public sealed record InsightRecord
{
    public required string UserId { get; init; }

    public required string Id { get; init; }

    /// <summary>One of <see cref="InsightKinds"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>What it is about: an item id (dormant, content) or a topic key (gap, learning).</summary>
    public required string Subject { get; init; }

    /// <summary>The last run that produced it.</summary>
    public required string RunId { get; init; }

    /// <summary>What it is ranked by (highest first).</summary>
    public required double Score { get; init; }

    /// <summary>One of <see cref="InsightStatuses"/>.</summary>
    public required string Status { get; init; }

    /// <summary>Whether the latest run of its kind produced it; older ones are kept (with their status) but not listed.</summary>
    public required bool Current { get; init; }

    /// <summary>The kind's own fields (JSON of <see cref="DormantPayload"/>, <see cref="GapPayload"/>, <see cref="ContentPayload"/> or <see cref="LearningPayload"/>).</summary>
    public required string PayloadJson { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When its status last changed (the dismissal cool-down counts from here).</summary>
    public required DateTimeOffset StatusChangedAt { get; init; }

    public required string ETag { get; init; }
}
