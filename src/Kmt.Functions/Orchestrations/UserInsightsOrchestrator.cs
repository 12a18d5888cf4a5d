using Kmt.Core.Insights;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Kmt.Functions.Orchestrations;

/// <summary>
/// One user's part of a run: the graph's derived-edge steps, relates_to → similar_to → co_read →
/// member_of (for every user; a failing one is skipped and fails nothing) → begin (skipped without the personalised_insights consent) → snapshot features → importance →
/// dormant discoveries → gap forecasts → recommendations → notify → complete. A step that still fails after its retries marks the run failed
/// and the orchestration returns "failed" rather than throwing, so one user never fails the nightly run.
/// </summary>
public static class UserInsightsOrchestrator
{
    public const string Name = "Insights_User";

    /// <summary>Retries of a step (the store or a model may be briefly unavailable); steps are idempotent.</summary>
    internal static readonly TaskOptions StepRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(maxNumberOfAttempts: 3, firstRetryInterval: TimeSpan.FromSeconds(5), backoffCoefficient: 2));

    [Function(Name)]
    public static async Task<string> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var run = context.GetInput<UserRun>() ?? throw new InvalidOperationException($"{Name} needs a {nameof(UserRun)} input.");
        // The graph is the person's whether or not they consented to insights; a failing step leaves
        // yesterday's edges of its kind, which the next night's (idempotent) step brings up to date.
        foreach (var step in GraphActivities.NightlySteps)
        {
            try
            {
                await context.CallActivityAsync<int>(step, run, StepRetry);
            }
            catch (TaskFailedException)
            {
            }
        }

        try
        {
            var begun = await context.CallActivityAsync<InsightRun>(InsightActivities.BeginRun, run, StepRetry);
            if (begun.Status != InsightRunStatuses.Running)
            {
                return begun.Status;
            }

            await context.CallActivityAsync<int>(InsightActivities.SnapshotFeatures, run, StepRetry);
            await context.CallActivityAsync<int>(InsightActivities.ScoreImportance, run, StepRetry);
            await context.CallActivityAsync<int>(DiscoveryActivities.FindDormant, run, StepRetry);
            await context.CallActivityAsync<int>(DiscoveryActivities.ForecastGaps, run, StepRetry);
            await context.CallActivityAsync<int>(DiscoveryActivities.Recommend, run, StepRetry);
            await context.CallActivityAsync<int>(NotificationActivities.Notify, run, StepRetry);
            var completed = await context.CallActivityAsync<InsightRun>(InsightActivities.CompleteRun, run, StepRetry);
            return completed.Status;
        }
        catch (TaskFailedException failed)
        {
            var failure = new RunFailure(run, $"{failed.TaskName}: {failed.FailureDetails.ErrorMessage}");
            return (await context.CallActivityAsync<InsightRun>(InsightActivities.FailRun, failure, StepRetry)).Status;
        }
    }
}
