namespace Kmt.Core.Insights;

/// <summary>
/// Insight runs and what each step of a run produced, partitioned by user and keyed by (user, run).
/// Writes replace what the same (user, run) already holds, so a step that is retried after a crash
/// leaves one result, never two.
/// </summary>
public interface IInsightRunStore
{
    /// <summary>Stores the run unless the user already has one with its id; returns the stored run either way.</summary>
    Task<InsightRun> CreateRunAsync(InsightRun run, CancellationToken cancellationToken);

    Task<InsightRun?> GetRunAsync(string userId, string runId, CancellationToken cancellationToken);

    /// <summary>
    /// Every user's part of the run <paramref name="runId"/> (for administrators), in user id order after
    /// <paramref name="afterUserId"/>, only those in <paramref name="status"/> when it is given, at most
    /// <paramref name="take"/>.
    /// </summary>
    Task<IReadOnlyList<InsightRun>> ListRunsAsync(string runId, string? status, string? afterUserId, int take, CancellationToken cancellationToken);

    /// <summary>Replaces the run's record (status, counts, error). NOT_FOUND when it does not exist.</summary>
    Task UpdateRunAsync(InsightRun run, CancellationToken cancellationToken);

    /// <summary>Replaces the run's feature snapshot with <paramref name="features"/>.</summary>
    Task SaveFeaturesAsync(string userId, string runId, IReadOnlyList<ItemFeatures> features, CancellationToken cancellationToken);

    /// <summary>The run's feature snapshot in item id order (empty when none was saved).</summary>
    Task<IReadOnlyList<ItemFeatures>> ListFeaturesAsync(string userId, string runId, CancellationToken cancellationToken);

    /// <summary>The user's most recently completed run that scored importance (latest completed_at), or null.</summary>
    Task<InsightRun?> GetLatestScoredRunAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Replaces the run's importance scores with <paramref name="scores"/>.</summary>
    Task SaveImportanceAsync(string userId, string runId, IReadOnlyList<ImportanceScore> scores, CancellationToken cancellationToken);

    /// <summary>The run's importance scores, highest first (ties by item id), at most <paramref name="take"/>.</summary>
    Task<IReadOnlyList<ImportanceScore>> ListImportanceAsync(string userId, string runId, int take, CancellationToken cancellationToken);
}
