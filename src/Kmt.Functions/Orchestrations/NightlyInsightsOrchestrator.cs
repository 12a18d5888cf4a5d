using Kmt.Core.Insights;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Kmt.Functions.Orchestrations;

/// <summary>
/// The nightly run: trains the importance model from consenting people's histories (a failed training
/// keeps the current model), then pages through active users and runs <see cref="UserInsightsOrchestrator"/> for
/// each as a sub-orchestration, at most <see cref="NightlyInsightsInput.MaxConcurrentUsers"/> at once
/// (a sliding window: when it is full, wait for any one to finish, then start the next).
/// </summary>
public static class NightlyInsightsOrchestrator
{
    public const string Name = "Insights_Nightly";

    [Function(Name)]
    public static async Task<NightlyInsightsSummary> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.GetInput<NightlyInsightsInput>() ?? throw new InvalidOperationException($"{Name} needs a {nameof(NightlyInsightsInput)} input.");
        try
        {
            await context.CallActivityAsync<ImportanceTrainingReport>(InsightActivities.TrainImportance, new TrainImportanceRequest(input.RunId, input.AsOf), UserInsightsOrchestrator.StepRetry);
        }
        catch (TaskFailedException)
        {
            // Scoring goes on with the model already current (or the prior): the failure is in the activity's history.
        }

        var window = Math.Max(1, input.MaxConcurrentUsers);
        var pending = new List<Task<string>>();
        var outcomes = new List<string>();
        string? after = null;
        do
        {
            var page = await context.CallActivityAsync<ActiveUsersPage>(
                InsightActivities.ListActiveUsers, new ActiveUsersRequest(after, input.UserPageSize), UserInsightsOrchestrator.StepRetry);
            foreach (var userId in page.UserIds)
            {
                if (pending.Count >= window)
                {
                    var finished = await Task.WhenAny(pending);
                    pending.Remove(finished);
                    outcomes.Add(await finished);
                }

                var run = new UserRun(userId, input.RunId, InsightTriggers.Nightly, input.AsOf);
                pending.Add(context.CallSubOrchestratorAsync<string>(UserInsightsOrchestrator.Name, run, new SubOrchestrationOptions(new TaskOptions(), InsightInstanceIds.ForUser(run))));
            }

            after = page.After;
        }
        while (after is not null);

        outcomes.AddRange(await Task.WhenAll(pending));
        return NightlyInsightsSummary.From(input.RunId, outcomes);
    }
}
