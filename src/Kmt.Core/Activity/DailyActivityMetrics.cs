namespace Kmt.Core.Activity;

/// <summary>
/// What is left of one user's day of tracked events once retention has deleted them: how many of
/// each event type (the seed's learning_metrics, daily). Written once per day, before the events are
/// deleted, so a retention run that stops midway finds it and only finishes the deletes.
/// </summary>
public sealed record DailyActivityMetrics
{
    public required string UserId { get; init; }

    public required DateOnly Day { get; init; }

    /// <summary>Event type to count.</summary>
    public required IReadOnlyDictionary<string, long> Counts { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}
