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

/// <summary>The feedback values of POST api/v1/insights/feedback.</summary>
public static class FeedbackValues
{
    public const string Useful = "useful";
    public const string NotUseful = "not_useful";
    public const string Dismiss = "dismiss";
    public const string Applied = "applied";

    public static readonly IReadOnlyList<string> All = [Useful, NotUseful, Dismiss, Applied];
}
