namespace Kmt.Core.Analytics;

/// <summary>The learning_metrics aggregates, written by the metrics job and read by the analytics routes.</summary>
public interface ILearningMetricsStore
{
    /// <summary>
    /// Replaces the person's hours with <paramref name="fromUtc"/> &lt;= hour &lt; <paramref name="toUtc"/> by
    /// <paramref name="hours"/> (all inside that range): a recompute of a window, or of everything.
    /// </summary>
    Task ReplaceRangeAsync(string userId, DateTimeOffset fromUtc, DateTimeOffset toUtc, IReadOnlyList<LearningMetricsHour> hours, CancellationToken cancellationToken);

    /// <summary>The person's hours with <paramref name="fromUtc"/> &lt;= hour &lt; <paramref name="toUtc"/>, oldest first.</summary>
    Task<IReadOnlyList<LearningMetricsHour>> ListAsync(string userId, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken);
}
