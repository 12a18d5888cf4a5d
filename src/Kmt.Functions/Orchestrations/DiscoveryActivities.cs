using Kmt.Core.Insights;
using Kmt.Core.Insights.Discovery;
using Microsoft.Azure.Functions.Worker;

namespace Kmt.Functions.Orchestrations;

/// <summary>
/// The discovery steps after importance (docs/design/insights.md, "Insight pipeline"): one Core call
/// each, idempotent per (user, run) since the records they write are keyed by (user, kind, subject).
/// </summary>
public sealed class DiscoveryActivities(DiscoveryPipelineService discovery)
{
    public const string FindDormant = "Insights_FindDormant";
    public const string ForecastGaps = "Insights_ForecastGaps";
    public const string Recommend = "Insights_Recommend";

    [Function(FindDormant)]
    public Task<int> FindDormantAsync([ActivityTrigger] UserRun run, CancellationToken ct) => discovery.FindDormantAsync(run, ct);

    [Function(ForecastGaps)]
    public Task<int> ForecastGapsAsync([ActivityTrigger] UserRun run, CancellationToken ct) => discovery.ForecastGapsAsync(run, ct);

    [Function(Recommend)]
    public Task<int> RecommendAsync([ActivityTrigger] UserRun run, CancellationToken ct) => discovery.RecommendAsync(run, ct);
}
