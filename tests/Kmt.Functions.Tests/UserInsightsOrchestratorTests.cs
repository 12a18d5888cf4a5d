using Kmt.Core.Insights;
using Kmt.Functions.Orchestrations;
using Microsoft.DurableTask;
using Moq;

namespace Kmt.Functions.Tests;

/// <summary>The per-user orchestration over a mocked TaskOrchestrationContext: which steps it calls, in which order, and what it returns.</summary>
public sealed class UserInsightsOrchestratorTests
{
    private static readonly UserRun Run = new("user-1", "nightly-2026-12-03", InsightTriggers.Nightly, new DateTimeOffset(2026, 12, 3, 2, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_consenting_user_is_snapshotted_scored_given_discoveries_gaps_and_recommendations_notified_and_completed_in_that_order()
    {
        var calls = new List<string>();
        var context = Context(calls, InsightRunStatuses.Running);

        var status = await UserInsightsOrchestrator.RunAsync(context.Object);

        Assert.Equal(InsightRunStatuses.Completed, status);
        Assert.Equal(
            [
                GraphActivities.RefreshRelatesTo, GraphActivities.RefreshSimilarTo, GraphActivities.RefreshCoRead, GraphActivities.RefreshMemberOf, InsightActivities.BeginRun, InsightActivities.SnapshotFeatures, InsightActivities.ScoreImportance,
                DiscoveryActivities.FindDormant, DiscoveryActivities.ForecastGaps, DiscoveryActivities.Recommend, NotificationActivities.Notify, InsightActivities.CompleteRun,
            ],
            calls);
    }

    [Fact]
    public async Task A_run_that_begins_skipped_calls_no_further_step()
    {
        var calls = new List<string>();
        var context = Context(calls, InsightRunStatuses.Skipped);

        var status = await UserInsightsOrchestrator.RunAsync(context.Object);

        Assert.Equal(InsightRunStatuses.Skipped, status);
        Assert.Equal([.. GraphActivities.NightlySteps, InsightActivities.BeginRun], calls);
    }

    [Theory]
    [InlineData(GraphActivities.RefreshRelatesTo)]
    [InlineData(GraphActivities.RefreshSimilarTo)]
    [InlineData(GraphActivities.RefreshCoRead)]
    [InlineData(GraphActivities.RefreshMemberOf)]
    public async Task A_failing_graph_step_does_not_fail_the_insight_run_nor_stop_the_other_graph_steps(string failing)
    {
        var calls = new List<string>();
        var context = Context(calls, InsightRunStatuses.Running);
        context.Setup(x => x.CallActivityAsync<int>(failing, Run, It.IsAny<TaskOptions>()))
            .ThrowsAsync(new TaskFailedException(failing, 1, new TaskFailureDetails("GremlinThrottledException", "429", null, null, null)));

        var status = await UserInsightsOrchestrator.RunAsync(context.Object);

        Assert.Equal(InsightRunStatuses.Completed, status);
        Assert.Equal(GraphActivities.NightlySteps.Where(s => s != failing), calls.Take(GraphActivities.NightlySteps.Count - 1));
        Assert.Equal(InsightActivities.BeginRun, calls[GraphActivities.NightlySteps.Count - 1]);
        Assert.Equal(InsightActivities.CompleteRun, calls[^1]);
    }

    [Fact]
    public async Task A_step_that_fails_marks_the_run_failed_with_its_message_and_the_orchestration_returns_failed()
    {
        var calls = new List<string>();
        var context = Context(calls, InsightRunStatuses.Running);
        context.Setup(x => x.CallActivityAsync<int>(InsightActivities.ScoreImportance, Run, It.IsAny<TaskOptions>()))
            .ThrowsAsync(new TaskFailedException(InsightActivities.ScoreImportance, 7, new TaskFailureDetails("IOException", "disk full", null, null, null)));
        RunFailure? recorded = null;
        context.Setup(x => x.CallActivityAsync<InsightRun>(InsightActivities.FailRun, It.IsAny<RunFailure>(), It.IsAny<TaskOptions>()))
            .Callback<TaskName, object?, TaskOptions?>((_, input, _) => recorded = (RunFailure)input!)
            .ReturnsAsync(RunWith(InsightRunStatuses.Failed));

        var status = await UserInsightsOrchestrator.RunAsync(context.Object);

        Assert.Equal(InsightRunStatuses.Failed, status);
        Assert.Equal(Run, recorded!.Run);
        Assert.Contains("disk full", recorded.Error, StringComparison.Ordinal);
        Assert.Contains(InsightActivities.ScoreImportance, recorded.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(InsightActivities.CompleteRun, calls);
    }

    [Fact]
    public async Task A_failing_discovery_step_fails_the_run_and_no_later_step_runs()
    {
        var calls = new List<string>();
        var context = Context(calls, InsightRunStatuses.Running);
        context.Setup(x => x.CallActivityAsync<int>(DiscoveryActivities.ForecastGaps, Run, It.IsAny<TaskOptions>()))
            .ThrowsAsync(new TaskFailedException(DiscoveryActivities.ForecastGaps, 9, new TaskFailureDetails("InvalidOperationException", "no model", null, null, null)));
        context.Setup(x => x.CallActivityAsync<InsightRun>(InsightActivities.FailRun, It.IsAny<RunFailure>(), It.IsAny<TaskOptions>())).ReturnsAsync(RunWith(InsightRunStatuses.Failed));

        var status = await UserInsightsOrchestrator.RunAsync(context.Object);

        Assert.Equal(InsightRunStatuses.Failed, status);
        Assert.Equal(DiscoveryActivities.FindDormant, calls[^1]);
        Assert.DoesNotContain(DiscoveryActivities.Recommend, calls);
    }

    [Fact]
    public async Task Every_step_is_called_with_the_retry_policy()
    {
        var options = new List<TaskOptions?>();
        var context = Context([], InsightRunStatuses.Running, options);

        await UserInsightsOrchestrator.RunAsync(context.Object);

        Assert.Equal(12, options.Count);
        Assert.All(options, o => Assert.NotNull(o?.Retry));
    }

    private static Mock<TaskOrchestrationContext> Context(List<string> calls, string beginStatus, List<TaskOptions?>? options = null)
    {
        var context = new Mock<TaskOrchestrationContext>();
        context.Setup(x => x.GetInput<UserRun>()).Returns(Run);
        foreach (var step in GraphActivities.NightlySteps)
        {
            context.Setup(x => x.CallActivityAsync<int>(step, Run, It.IsAny<TaskOptions>()))
                .Callback<TaskName, object?, TaskOptions?>((name, _, o) => Record(calls, options, name, o))
                .ReturnsAsync(2);
        }

        context.Setup(x => x.CallActivityAsync<InsightRun>(InsightActivities.BeginRun, Run, It.IsAny<TaskOptions>()))
            .Callback<TaskName, object?, TaskOptions?>((name, _, o) => Record(calls, options, name, o))
            .ReturnsAsync(RunWith(beginStatus));
        context.Setup(x => x.CallActivityAsync<int>(InsightActivities.SnapshotFeatures, Run, It.IsAny<TaskOptions>()))
            .Callback<TaskName, object?, TaskOptions?>((name, _, o) => Record(calls, options, name, o))
            .ReturnsAsync(3);
        context.Setup(x => x.CallActivityAsync<int>(InsightActivities.ScoreImportance, Run, It.IsAny<TaskOptions>()))
            .Callback<TaskName, object?, TaskOptions?>((name, _, o) => Record(calls, options, name, o))
            .ReturnsAsync(3);
        context.Setup(x => x.CallActivityAsync<int>(NotificationActivities.Notify, Run, It.IsAny<TaskOptions>()))
            .Callback<TaskName, object?, TaskOptions?>((name, _, o) => Record(calls, options, name, o))
            .ReturnsAsync(1);
        foreach (var step in new[] { DiscoveryActivities.FindDormant, DiscoveryActivities.ForecastGaps, DiscoveryActivities.Recommend })
        {
            context.Setup(x => x.CallActivityAsync<int>(step, Run, It.IsAny<TaskOptions>()))
                .Callback<TaskName, object?, TaskOptions?>((name, _, o) => Record(calls, options, name, o))
                .ReturnsAsync(2);
        }

        context.Setup(x => x.CallActivityAsync<InsightRun>(InsightActivities.CompleteRun, Run, It.IsAny<TaskOptions>()))
            .Callback<TaskName, object?, TaskOptions?>((name, _, o) => Record(calls, options, name, o))
            .ReturnsAsync(RunWith(InsightRunStatuses.Completed));
        return context;
    }

    private static void Record(List<string> calls, List<TaskOptions?>? options, TaskName name, TaskOptions? taskOptions)
    {
        calls.Add(name.Name);
        options?.Add(taskOptions);
    }

    private static InsightRun RunWith(string status) => new()
    {
        UserId = Run.UserId,
        RunId = Run.RunId,
        Trigger = Run.Trigger,
        Status = status,
        AsOf = Run.AsOf,
        CreatedAt = Run.AsOf,
        UpdatedAt = Run.AsOf,
    };
}
