namespace Kmt.Core.Insights.Discovery;

/// <summary>The body of POST api/v1/insights/feedback.</summary>
public sealed record FeedbackInput
{
    /// <summary>dormant, gap, content or learning.</summary>
    public string? InsightType { get; init; }

    public string? InsightId { get; init; }

    /// <summary>useful, not_useful, dismiss or applied.</summary>
    public string? Feedback { get; init; }
}
