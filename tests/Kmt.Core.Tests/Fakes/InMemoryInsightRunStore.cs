using Kmt.Core.Common;
using Kmt.Core.Insights;

namespace Kmt.Core.Tests.Fakes;

internal sealed class InMemoryInsightRunStore : IInsightRunStore
{
    public Dictionary<(string UserId, string RunId), InsightRun> Runs { get; } = new();

    public Dictionary<(string UserId, string RunId), IReadOnlyList<ItemFeatures>> Features { get; } = new();

    public Dictionary<(string UserId, string RunId), IReadOnlyList<ImportanceScore>> Scores { get; } = new();

    public int FeatureSaves { get; private set; }

    public Task<InsightRun> CreateRunAsync(InsightRun run, CancellationToken cancellationToken) =>
        Task.FromResult(Runs.TryAdd((run.UserId, run.RunId), run) ? run : Runs[(run.UserId, run.RunId)]);

    public Task<InsightRun?> GetRunAsync(string userId, string runId, CancellationToken cancellationToken) => Task.FromResult(Runs.GetValueOrDefault((userId, runId)));

    public Task<IReadOnlyList<InsightRun>> ListRunsAsync(string runId, string? status, string? afterUserId, int take, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<InsightRun>>(Runs.Values
            .Where(r => r.RunId == runId && (status is null || r.Status == status) && (afterUserId is null || string.CompareOrdinal(r.UserId, afterUserId) > 0))
            .OrderBy(r => r.UserId, StringComparer.Ordinal)
            .Take(take)
            .ToList());

    public Task UpdateRunAsync(InsightRun run, CancellationToken cancellationToken)
    {
        if (!Runs.ContainsKey((run.UserId, run.RunId)))
        {
            throw KmtException.NotFound("Insight run");
        }

        Runs[(run.UserId, run.RunId)] = run;
        return Task.CompletedTask;
    }

    public Task SaveFeaturesAsync(string userId, string runId, IReadOnlyList<ItemFeatures> features, CancellationToken cancellationToken)
    {
        FeatureSaves++;
        Features[(userId, runId)] = features.OrderBy(f => f.ItemId, StringComparer.Ordinal).ToList();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ItemFeatures>> ListFeaturesAsync(string userId, string runId, CancellationToken cancellationToken) =>
        Task.FromResult(Features.GetValueOrDefault((userId, runId)) ?? []);

    public Task<InsightRun?> GetLatestScoredRunAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult(Runs.Values
            .Where(r => r.UserId == userId && r.Status == InsightRunStatuses.Completed && r.ScoredCount is not null)
            .OrderByDescending(r => r.CompletedAt).ThenByDescending(r => r.RunId, StringComparer.Ordinal)
            .FirstOrDefault());

    public Task SaveImportanceAsync(string userId, string runId, IReadOnlyList<ImportanceScore> scores, CancellationToken cancellationToken)
    {
        Scores[(userId, runId)] = scores.ToList();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ImportanceScore>> ListImportanceAsync(string userId, string runId, int take, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ImportanceScore>>((Scores.GetValueOrDefault((userId, runId)) ?? [])
            .OrderByDescending(s => s.Score).ThenBy(s => s.ItemId, StringComparer.Ordinal).Take(take).ToList());
}
