namespace Kmt.Core.Insights.Discovery;

/// <summary>An insight's life: new → viewed → applied or dismissed (docs/api.md, "Insights").</summary>
public static class InsightStatuses
{
    public const string New = "new";
    public const string Viewed = "viewed";
    public const string Applied = "applied";
    public const string Dismissed = "dismissed";

    /// <summary>What a client may set with PATCH (never back to new).</summary>
    public static readonly IReadOnlyList<string> Settable = [Viewed, Applied, Dismissed];
}
