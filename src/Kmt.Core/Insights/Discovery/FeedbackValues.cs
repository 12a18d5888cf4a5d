namespace Kmt.Core.Insights.Discovery;

/// <summary>The feedback values of POST api/v1/insights/feedback.</summary>
public static class FeedbackValues
{
    public const string Useful = "useful";
    public const string NotUseful = "not_useful";
    public const string Dismiss = "dismiss";
    public const string Applied = "applied";

    public static readonly IReadOnlyList<string> All = [Useful, NotUseful, Dismiss, Applied];
}
