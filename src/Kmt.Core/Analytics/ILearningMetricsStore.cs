namespace Kmt.Core.Analytics;

/// <summary>The learning_metrics aggregates, written by the metrics job and read by the analytics routes.</summary>
public interface ILearningMetricsStore
{
    /// <summary>
    /// Replaces the person's hours with <paramref name="fromUtc"/> &lt;= hour &lt; <paramref name="toUtc"/> by
    /// <paramref name="hours"/> (all inside that range): a recompute of a window, or of everything.
    /// </summary>
    /// <remarks>
    /// The same call keeps the <see cref="LearningActivityDay"/> projection of the range in step
    /// (<see cref="LearningActivityDays.Replace"/>), so streaks never read the hours themselves, and the
    /// <see cref="LearningMetricsDay"/> rows of every UTC day the range touches, rebuilt from all of that
    /// day's hours (<see cref="LearningMetricsDays.Replace"/> over the stored hours of
    /// <see cref="LearningMetricsDays.EdgeRanges"/> and the new ones).
    /// </remarks>
    Task ReplaceRangeAsync(string userId, DateTimeOffset fromUtc, DateTimeOffset toUtc, IReadOnlyList<LearningMetricsHour> hours, CancellationToken cancellationToken);

    /// <summary>The person's hours with <paramref name="fromUtc"/> &lt;= hour &lt; <paramref name="toUtc"/>, oldest first.</summary>
    Task<IReadOnlyList<LearningMetricsHour>> ListAsync(string userId, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken);

    /// <summary>
    /// What <paramref name="plan"/> names: the person's day rows of <see cref="LearningMetricsReadPlan.WholeDays"/>
    /// and hours of <see cref="LearningMetricsReadPlan.HourRanges"/>, each oldest first. A store that does not
    /// hold the person's day rows yet (hours written before day rows existed, not yet rebuilt) returns
    /// no days and every hour from <see cref="LearningMetricsReadPlan.StartUtc"/> to
    /// <see cref="LearningMetricsReadPlan.EndUtc"/> instead: the same answer, read more slowly.
    /// </summary>
    Task<LearningMetricsRead> ReadAsync(string userId, LearningMetricsReadPlan plan, CancellationToken cancellationToken);

    /// <summary>
    /// The person's active UTC days with <paramref name="firstUtcDay"/> &lt;= day &lt;= <paramref name="lastUtcDay"/>,
    /// oldest first: what streaks read instead of a year of hours.
    /// </summary>
    Task<IReadOnlyList<LearningActivityDay>> ListActivityAsync(string userId, DateOnly firstUtcDay, DateOnly lastUtcDay, CancellationToken cancellationToken);
}
