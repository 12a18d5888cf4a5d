using Kmt.Core.Insights;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kmt.Functions.Orchestrations;

/// <summary>
/// Starts the nightly insight run on Kmt:Insights:Schedule (docs/design/insights.md, "Insight pipeline"):
/// one orchestration per UTC date, with the date in its instance id, so a second start on the same
/// date (a past-due occurrence, a second instance of the app) finds the first and does nothing.
/// </summary>
public sealed class NightlyInsightsStarter(IOptions<InsightOptions> options, TimeProvider time, ILogger<NightlyInsightsStarter> logger)
{
    public const string Name = "Insights_NightlyStart";

    [Function(Name)]
    public async Task RunAsync([TimerTrigger("%Kmt:Insights:Schedule%")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        var now = time.GetUtcNow();
        var runId = InsightPipelineService.NightlyRunId(now);
        var instanceId = InsightInstanceIds.Nightly(runId);
        if (await client.GetInstanceAsync(instanceId, ct) is { } existing)
        {
            logger.LogInformation("Nightly insight run {RunId} already exists ({Status}); not starting it again.", runId, existing.RuntimeStatus);
            return;
        }

        var input = new NightlyInsightsInput(runId, now, options.Value.UserPageSize, options.Value.MaxConcurrentUsers);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(NightlyInsightsOrchestrator.Name, input, new StartOrchestrationOptions(instanceId), ct);
        }
        catch (Exception ex)
        {
            if (await client.GetInstanceAsync(instanceId, ct) is null)
            {
                throw;
            }

            // Another instance of the app started the same date's run between our check and our start.
            logger.LogInformation(ex, "Nightly insight run {RunId} was started concurrently elsewhere.", runId);
            return;
        }

        logger.LogInformation("Started nightly insight run {RunId} as {InstanceId}.", runId, instanceId);
    }
}
