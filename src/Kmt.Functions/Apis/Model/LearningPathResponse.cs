using Kmt.Core.Insights.Discovery;

namespace Kmt.Functions.Apis.Model;

/// <summary>
/// A learning path as GET api/v1/recommendations/learning lists it (docs/api.md, "Insights"); run_id is
/// empty for a path built on request for a topic the last run had none for.
/// </summary>
public sealed record LearningPathResponse(string Id, string Status, string Topic, string Name, IReadOnlyList<LearningStep> Steps, string Reasoning, string RunId)
{
    public static LearningPathResponse From(InsightView<LearningPayload> view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var (r, p) = (view.Record, view.Payload);
        return new(r.Id, r.Status, p.Topic, p.Name, p.Steps, p.Reasoning, r.RunId);
    }
}
