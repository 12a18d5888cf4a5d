namespace Kmt.Core.Analytics;

/// <summary>
/// One person's learning metrics for one UTC day: the sum of the day's <see cref="LearningMetricsHour"/>
/// rows, plus what cannot be summed over a day without changing an answer (the readings per hour, and
/// the reading seconds of the hours with words read). Read instead of the 24 hours when the whole UTC
/// day falls into one local bucket and one trend half (<see cref="LearningMetricsReadPlan"/>);
/// derived from the hours only by <see cref="LearningMetricsDays.FromHours"/> and kept in step with
/// them by <see cref="ILearningMetricsStore.ReplaceRangeAsync"/> (docs/design/person-view.md, "Analytics").
/// </summary>
public sealed record LearningMetricsDay
{
    public required string UserId { get; init; }

    /// <summary>The UTC day.</summary>
    public required DateOnly Day { get; init; }

    public int ItemsCaptured { get; init; }

    public int ItemsRead { get; init; }

    public int ItemsCompleted { get; init; }

    public long ReadingSeconds { get; init; }

    public long WordsRead { get; init; }

    /// <summary>
    /// The reading seconds of the hours that had words read: reading speed divides words by these only,
    /// and an hour's seconds count or not as a whole, so a day's total alone would not do.
    /// </summary>
    public long ReadingSecondsWithWords { get; init; }

    public int Searches { get; init; }

    /// <summary>The hours with a reading, oldest first (an hour without one adds nothing).</summary>
    public IReadOnlyList<LearningHourReads> HourReads { get; init; } = [];

    public IReadOnlyDictionary<string, int> ContentTypes { get; init; } = new Dictionary<string, int>();

    public IReadOnlyDictionary<string, int> Sources { get; init; } = new Dictionary<string, int>();

    public IReadOnlyDictionary<string, int> Tags { get; init; } = new Dictionary<string, int>();

    /// <summary>The first instant of the day, UTC.</summary>
    public DateTimeOffset StartUtc => new(Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
