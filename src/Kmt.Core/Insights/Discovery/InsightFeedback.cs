namespace Kmt.Core.Insights.Discovery;

/// <summary>A person's verdict on an insight, kept as a training label for later models.</summary>
public sealed record InsightFeedback
{
    public required string UserId { get; init; }

    public required string Id { get; init; }

    public required string InsightType { get; init; }

    public required string InsightId { get; init; }

    /// <summary>One of <see cref="FeedbackValues"/>.</summary>
    public required string Feedback { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}
