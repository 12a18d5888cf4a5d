namespace Kmt.Core.Activity;

public interface IActivityStore
{
    /// <summary>Stores the events; an event whose id the user already has is skipped (retries are safe). Returns how many were new.</summary>
    Task<int> AddAsync(string userId, IReadOnlyList<UserActivity> activities, CancellationToken cancellationToken);

    Task<IReadOnlyList<UserActivity>> ListAsync(string userId, DateTimeOffset? since, int take, CancellationToken cancellationToken);

    /// <summary>The user's latest session of this item that has no end time, if any.</summary>
    Task<ReadingSession?> FindOpenSessionAsync(string userId, string knowledgeItemId, CancellationToken cancellationToken);

    Task<ReadingSession?> GetSessionAsync(string userId, string sessionId, CancellationToken cancellationToken);

    Task UpsertSessionAsync(ReadingSession session, CancellationToken cancellationToken);

    Task<IReadOnlyList<ReadingSession>> ListSessionsAsync(string userId, string? knowledgeItemId, CancellationToken cancellationToken);

    /// <summary>
    /// The user's events with <paramref name="from"/> &lt;= occurred_at &lt; <paramref name="to"/>, oldest first
    /// (occurred_at, id), after <paramref name="after"/> when given, at most <paramref name="take"/>: a walk
    /// that never holds more than one page (export, retention).
    /// </summary>
    Task<IReadOnlyList<UserActivity>> ListRangeAsync(string userId, DateTimeOffset from, DateTimeOffset to, ActivityPosition? after, int take, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="take"/> events of any user that occurred before <paramref name="before"/> (the retention job only).</summary>
    Task<IReadOnlyList<UserActivity>> ListExpiredAsync(DateTimeOffset before, int take, CancellationToken cancellationToken);

    /// <summary>Deletes these events of the user; missing ones are ignored.</summary>
    Task DeleteActivitiesAsync(string userId, IReadOnlyCollection<string> activityIds, CancellationToken cancellationToken);

    Task<DailyActivityMetrics?> GetDailyMetricsAsync(string userId, DateOnly day, CancellationToken cancellationToken);

    /// <summary>Creates or replaces the day's counts.</summary>
    Task UpsertDailyMetricsAsync(DailyActivityMetrics metrics, CancellationToken cancellationToken);

    /// <summary>The user's folded days, oldest first.</summary>
    Task<IReadOnlyList<DailyActivityMetrics>> ListDailyMetricsAsync(string userId, CancellationToken cancellationToken);
}
