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
}
