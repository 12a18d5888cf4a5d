using Kmt.Core.Insights.Discovery;

namespace Kmt.Functions.Apis.Model;

/// <summary>What POST api/v1/insights/feedback returns.</summary>
public sealed record InsightFeedbackResponse(string Id, string InsightType, string InsightId, string Feedback, DateTimeOffset CreatedAt)
{
    public static InsightFeedbackResponse From(InsightFeedback feedback)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        return new(feedback.Id, feedback.InsightType, feedback.InsightId, feedback.Feedback, feedback.CreatedAt);
    }
}
