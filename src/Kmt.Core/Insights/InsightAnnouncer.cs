using Kmt.Core.Insights.Discovery;
using Kmt.Core.Realtime;

namespace Kmt.Core.Insights;

/// <summary>
/// Tells the person's open clients what a completed run produced (docs/api.md, "Real-time"): one
/// <c>prediction_update</c> with the run's top importance scores, and one <c>new_insight</c> per insight
/// the run created (a rerun that only updates an insight announces nothing new). Best effort, like
/// every real-time message: the run's results are stored before it and the clients re-read them.
/// </summary>
public sealed class InsightAnnouncer(IInsightRunStore runs, IInsightStore insights, RealtimeEvents realtime)
{
    /// <summary>Scores a prediction_update carries at most (the client re-reads the full list).</summary>
    public const int TopScores = 10;

    /// <summary>new_insight messages a run sends at most; more would flood a client that re-reads anyway.</summary>
    public const int MaxNewInsights = 20;

    public async Task AnnounceAsync(InsightRun completed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(completed);
        if (completed.ScoredCount is > 0)
        {
            var top = await runs.ListImportanceAsync(completed.UserId, completed.RunId, TopScores, cancellationToken).ConfigureAwait(false);
            await realtime.PredictionUpdatedAsync(completed.UserId, new PredictionUpdateData(
                completed.RunId,
                completed.ScoredCount.Value,
                top.Select(s => new PredictionData(s.ItemId, Math.Round(s.Score, 4), s.Model)).ToList())).ConfigureAwait(false);
        }

        var created = new List<InsightRecord>();
        foreach (var kind in InsightKinds.All)
        {
            created.AddRange((await insights.ListAsync(completed.UserId, kind, cancellationToken).ConfigureAwait(false))
                .Where(r => r.Current && r.RunId == completed.RunId && r.CreatedAt >= completed.CreatedAt));
        }

        foreach (var record in created.OrderByDescending(r => r.Score).Take(MaxNewInsights))
        {
            await realtime.NewInsightAsync(completed.UserId, new NewInsightData(record.Id, record.Kind, record.Subject, Math.Round(record.Score, 4), record.Status)).ConfigureAwait(false);
        }
    }

    /// <summary>data of prediction_update.</summary>
    public sealed record PredictionUpdateData(string RunId, int ScoredCount, IReadOnlyList<PredictionData> Top);

    /// <summary>One item's importance in a prediction_update.</summary>
    public sealed record PredictionData(string ItemId, double Score, string Model);

    /// <summary>data of new_insight: enough to badge or list it; the insights routes give the whole of it.</summary>
    public sealed record NewInsightData(string Id, string InsightType, string Subject, double Score, string Status);
}
