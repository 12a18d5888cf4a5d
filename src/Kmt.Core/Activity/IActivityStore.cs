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
}
