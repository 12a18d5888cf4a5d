namespace Kmt.Core.Insights;

/// <summary>What started an <see cref="InsightRun"/>.</summary>
public static class InsightTriggers
{
    /// <summary>The timer-started run over every active user.</summary>
    public const string Nightly = "nightly";

    /// <summary>POST api/v1/insights/refresh: the caller's own run, now.</summary>
    public const string Refresh = "refresh";
}
