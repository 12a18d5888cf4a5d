namespace Kmt.Core.Insights.Discovery;

/// <summary>The kinds of <see cref="InsightRecord"/> (the insight_type of feedback).</summary>
public static class InsightKinds
{
    public const string Dormant = "dormant";
    public const string Gap = "gap";
    public const string Content = "content";
    public const string Learning = "learning";

    public static readonly IReadOnlyList<string> All = [Dormant, Gap, Content, Learning];
}
