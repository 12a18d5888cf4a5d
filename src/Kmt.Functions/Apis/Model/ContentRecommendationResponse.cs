using Kmt.Core.Insights.Discovery;

namespace Kmt.Functions.Apis.Model;

/// <summary>A content recommendation as GET api/v1/recommendations/content lists it (docs/api.md, "Insights").</summary>
public sealed record ContentRecommendationResponse(
    string Id,
    string Status,
    string KnowledgeItemId,
    string Title,
    double Score,
    double Importance,
    double Retrievability,
    double Relevance,
    string Reasoning,
    string RunId)
{
    public static ContentRecommendationResponse From(InsightView<ContentPayload> view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var (r, p) = (view.Record, view.Payload);
        return new(r.Id, r.Status, p.ItemId, p.Title, r.Score, p.Importance, p.Retrievability, p.Relevance, p.Reasoning, r.RunId);
    }
}
