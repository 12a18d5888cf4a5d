using Kmt.Core.Insights;

namespace Kmt.Functions.Orchestrations;

/// <summary>
/// Orchestration instance ids of the insight pipeline. Fixed by the run, never random: a second start
/// of the same run finds the first (the nightly singleton), and a per-user sub-orchestration that is
/// retried or replayed keeps its id.
/// </summary>
public static class InsightInstanceIds
{
    /// <summary>The nightly run of a date: "insights-nightly-yyyy-MM-dd".</summary>
    public static string Nightly(string runId) => $"insights-{runId}";

    /// <summary>One user's part of a run: "insights-{runId}-{userId}".</summary>
    public static string ForUser(UserRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return $"insights-{run.RunId}-{run.UserId}";
    }
}
