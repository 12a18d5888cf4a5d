using Kmt.Core.Activity;

namespace Kmt.Core.Tests.Fakes;

internal sealed class InMemoryActivityStore : IActivityStore
{
    public Dictionary<(string UserId, string Id), UserActivity> Activities { get; } = new();

    public Dictionary<(string UserId, string Id), ReadingSession> Sessions { get; } = new();

    public int AddCalls { get; private set; }

    public Task<int> AddAsync(string userId, IReadOnlyList<UserActivity> activities, CancellationToken cancellationToken)
    {
        AddCalls++;
        var added = 0;
        foreach (var activity in activities)
        {
            if (Activities.TryAdd((userId, activity.Id), activity))
            {
                added++;
            }
        }

        return Task.FromResult(added);
    }

    public Task<IReadOnlyList<UserActivity>> ListAsync(string userId, DateTimeOffset? since, int take, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<UserActivity>>(
            Activities.Values.Where(a => a.UserId == userId && (since is null || a.OccurredAt >= since)).Take(take).ToList());

    public Task<ReadingSession?> FindOpenSessionAsync(string userId, string knowledgeItemId, CancellationToken cancellationToken) =>
        Task.FromResult(Sessions.Values
            .Where(s => s.UserId == userId && s.KnowledgeItemId == knowledgeItemId && s.EndTime is null)
            .OrderByDescending(s => s.StartTime)
            .FirstOrDefault());

    public Task<ReadingSession?> GetSessionAsync(string userId, string sessionId, CancellationToken cancellationToken) =>
        Task.FromResult(Sessions.GetValueOrDefault((userId, sessionId)));

    public Task UpsertSessionAsync(ReadingSession session, CancellationToken cancellationToken)
    {
        Sessions[(session.UserId, session.Id)] = session;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ReadingSession>> ListSessionsAsync(string userId, string? knowledgeItemId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ReadingSession>>(
            Sessions.Values.Where(s => s.UserId == userId && (knowledgeItemId is null || s.KnowledgeItemId == knowledgeItemId)).ToList());

    public Dictionary<(string UserId, DateOnly Day), DailyActivityMetrics> Metrics { get; } = new();

    public Task<IReadOnlyList<UserActivity>> ListRangeAsync(string userId, DateTimeOffset from, DateTimeOffset to, ActivityPosition? after, int take, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<UserActivity>>(Activities.Values
            .Where(a => a.UserId == userId && a.OccurredAt >= from && a.OccurredAt < to)
            .Where(a => after is null || a.OccurredAt > after.OccurredAt || (a.OccurredAt == after.OccurredAt && string.CompareOrdinal(a.Id, after.Id) > 0))
            .OrderBy(a => a.OccurredAt).ThenBy(a => a.Id, StringComparer.Ordinal).Take(take).ToList());

    public Task<IReadOnlyList<UserActivity>> ListExpiredAsync(DateTimeOffset before, int take, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<UserActivity>>(Activities.Values.Where(a => a.OccurredAt < before).Take(take).ToList());

    /// <summary>Runs before each delete call, e.g. to simulate a crash midway.</summary>
    public Action? BeforeDelete { get; set; }

    public Task DeleteActivitiesAsync(string userId, IReadOnlyCollection<string> activityIds, CancellationToken cancellationToken)
    {
        BeforeDelete?.Invoke();
        foreach (var id in activityIds)
        {
            Activities.Remove((userId, id));
        }

        return Task.CompletedTask;
    }

    public Task<DailyActivityMetrics?> GetDailyMetricsAsync(string userId, DateOnly day, CancellationToken cancellationToken) =>
        Task.FromResult(Metrics.GetValueOrDefault((userId, day)));

    public Task UpsertDailyMetricsAsync(DailyActivityMetrics metrics, CancellationToken cancellationToken)
    {
        Metrics[(metrics.UserId, metrics.Day)] = metrics;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DailyActivityMetrics>> ListDailyMetricsAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DailyActivityMetrics>>(Metrics.Values.Where(m => m.UserId == userId).OrderBy(m => m.Day).ToList());
}
