namespace Kmt.Core.Insights.Discovery;

/// <summary>
/// A person's insights (dormant discoveries, gaps, recommendations) and their feedback, partitioned
/// by user. Records are keyed (user, id) and written whole, so a retried pipeline step leaves the same rows.
/// </summary>
public interface IInsightStore
{
    /// <summary>Creates or replaces each record by (user, id).</summary>
    Task UpsertAsync(string userId, IReadOnlyList<InsightRecord> records, CancellationToken cancellationToken);

    /// <summary>Every record of the kind (current or not), highest score first, ties by id.</summary>
    Task<IReadOnlyList<InsightRecord>> ListAsync(string userId, string kind, CancellationToken cancellationToken);

    Task<InsightRecord?> GetAsync(string userId, string id, CancellationToken cancellationToken);

    /// <summary>Replaces the record when its stored ETag is <paramref name="expectedETag"/>; false otherwise (or when it is gone).</summary>
    Task<bool> ReplaceAsync(InsightRecord record, string expectedETag, CancellationToken cancellationToken);

    /// <summary>Stores the feedback unless the user already has one with its id.</summary>
    Task AddFeedbackAsync(InsightFeedback feedback, CancellationToken cancellationToken);

    /// <summary>The user's feedback, oldest first (ties by id).</summary>
    Task<IReadOnlyList<InsightFeedback>> ListFeedbackAsync(string userId, CancellationToken cancellationToken);
}
