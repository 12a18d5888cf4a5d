using Kmt.Core.Insights;

namespace Kmt.Functions.Orchestrations;

/// <summary>The nightly orchestration's output: how many users' runs ended in each state.</summary>
public sealed record NightlyInsightsSummary(string RunId, int Users, int Completed, int Skipped, int Failed)
{
    public static NightlyInsightsSummary From(string runId, IReadOnlyCollection<string> statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        return new NightlyInsightsSummary(
            runId,
            statuses.Count,
            statuses.Count(s => s == InsightRunStatuses.Completed),
            statuses.Count(s => s == InsightRunStatuses.Skipped),
            statuses.Count(s => s == InsightRunStatuses.Failed));
    }
}
