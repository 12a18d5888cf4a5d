using Kmt.Core.Insights;

namespace Kmt.Functions.Apis.Model;

/// <summary>
/// An insight run as GET api/v1/insights/runs/{id} reports it (docs/api.md, "Insights"): its state,
/// its counts and its highest importance scores, each with the model that produced it.
/// </summary>
public sealed record InsightRunResponse(
    string RunId,
    string Trigger,
    string Status,
    string StatusUrl,
    DateTimeOffset AsOf,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt,
    int? ItemCount,
    int? ScoredCount,
    string? Error,
    IReadOnlyList<ImportanceScoreResponse> TopImportance)
{
    public static string StatusUrlOf(string runId) => $"/api/v1/insights/runs/{Uri.EscapeDataString(runId)}";

    public static InsightRunResponse From(InsightRunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var run = report.Run;
        return new(
            run.RunId,
            run.Trigger,
            run.Status,
            StatusUrlOf(run.RunId),
            run.AsOf,
            run.CreatedAt,
            run.UpdatedAt,
            run.CompletedAt,
            run.ItemCount,
            run.ScoredCount,
            run.Error,
            report.TopScores.Select(s => new ImportanceScoreResponse(s.ItemId, s.Score, s.Model, s.Reasoning)).ToList());
    }
}

/// <summary>One item's importance in a run: the score in [0, 1], the model that gave it and why.</summary>
public sealed record ImportanceScoreResponse(string KnowledgeItemId, double PredictedValue, string Model, string Reasoning);
