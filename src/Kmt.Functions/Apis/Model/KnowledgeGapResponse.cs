using Kmt.Core.Insights.Discovery;

namespace Kmt.Functions.Apis.Model;

/// <summary>A knowledge gap as GET api/v1/insights/gaps lists it (docs/api.md, "Insights").</summary>
public sealed record KnowledgeGapResponse(
    string Id,
    string Status,
    string Topic,
    string Name,
    double UrgencyScore,
    DateTimeOffset PredictedNeedDate,
    double ConfidenceScore,
    int RecentDemand,
    double ForecastWeeklyDemand,
    int Holdings,
    string Forecaster,
    string Reasoning,
    IReadOnlyList<string> Searches,
    IReadOnlyList<string> ItemIds,
    IReadOnlyList<string> RelatedEntities,
    string RunId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static KnowledgeGapResponse From(InsightView<GapPayload> view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var (r, p) = (view.Record, view.Payload);
        return new(r.Id, r.Status, p.Topic, p.Name, p.UrgencyScore, p.PredictedNeedDate, p.ConfidenceScore, p.RecentDemand, p.ForecastWeeklyDemand, p.Holdings, p.Forecaster, p.Reasoning, p.Searches, p.ItemIds, p.RelatedEntities, r.RunId, r.CreatedAt, r.UpdatedAt);
    }
}
