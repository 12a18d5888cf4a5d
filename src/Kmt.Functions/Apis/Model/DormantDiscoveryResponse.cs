using Kmt.Core.Insights.Discovery;

namespace Kmt.Functions.Apis.Model;

/// <summary>A dormant discovery as GET api/v1/insights/dormant lists it (docs/api.md, "Insights").</summary>
public sealed record DormantDiscoveryResponse(
    string Id,
    string Status,
    string KnowledgeItemId,
    string Title,
    double RelevanceScore,
    double Retrievability,
    double StabilityDays,
    DateTimeOffset LastAccessedAt,
    string ContextDescription,
    IReadOnlyList<RelevanceContext> Contexts,
    string RunId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static DormantDiscoveryResponse From(InsightView<DormantPayload> view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var (r, p) = (view.Record, view.Payload);
        return new(r.Id, r.Status, p.ItemId, p.Title, p.RelevanceScore, p.Retrievability, p.StabilityDays, p.LastAccessedAt, p.ContextDescription, p.Contexts, r.RunId, r.CreatedAt, r.UpdatedAt);
    }
}
