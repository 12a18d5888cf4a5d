namespace Kmt.Core.Insights.Discovery;

/// <summary>The kinds of <see cref="InsightRecord"/> (the insight_type of feedback).</summary>
public static class InsightKinds
{
    public const string Dormant = "dormant";
    public const string Gap = "gap";
    public const string Content = "content";
    public const string Learning = "learning";

    /// <summary>
    /// A person's verdict on a recommended connection (Kmt.Core.Graph.Connections): recommendations are computed on
    /// request, only dismissals and acceptances are stored, so the pair is not recommended again. Not a pipeline
    /// kind, so not in <see cref="All"/>.
    /// </summary>
    public const string Connection = "connection";

    public static readonly IReadOnlyList<string> All = [Dormant, Gap, Content, Learning];
}
