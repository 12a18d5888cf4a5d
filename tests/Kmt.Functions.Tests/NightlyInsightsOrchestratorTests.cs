using Kmt.Core.Insights;
using Kmt.Functions.Orchestrations;
using Microsoft.DurableTask;
using Moq;

namespace Kmt.Functions.Tests;

/// <summary>
/// The nightly orchestration over a mocked TaskOrchestrationContext: it pages through every active
/// user, starts one sub-orchestration per user with a stable instance id, and never has more than
/// the window in flight (sub-orchestrations here finish only when the test completes them).
/// </summary>
public sealed class NightlyInsightsOrchestratorTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 12, 3, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Pages_through_users_and_never_has_more_than_the_window_in_flight()
    {
        var input = new NightlyInsightsInput("nightly-2026-12-03", AsOf, UserPageSize: 2, MaxConcurrentUsers: 2);
        var context = new Mock<TaskOrchestrationContext>();
        context.Setup(x => x.GetInput<NightlyInsightsInput>()).Returns(input);
        var pages = new Dictionary<string, ActiveUsersPage>
        {
            [""] = new(["u1", "u2"], "u2"),
            ["u2"] = new(["u3", "u4"], "u4"),
            ["u4"] = new(["u5"], null),
        };
        var requested = new List<ActiveUsersRequest>();
        context.Setup(x => x.CallActivityAsync<ActiveUsersPage>(InsightActivities.ListActiveUsers, It.IsAny<ActiveUsersRequest>(), It.IsAny<TaskOptions>()))
            .Returns<TaskName, object?, TaskOptions?>((_, request, _) =>
            {
                var r = (ActiveUsersRequest)request!;
                requested.Add(r);
                return Task.FromResult(pages[r.After ?? ""]);
            });

        var started = new List<(UserRun Run, string? InstanceId, TaskCompletionSource<string> Done)>();
        var maxInFlight = 0;
        context.Setup(x => x.CallSubOrchestratorAsync<string>(UserInsightsOrchestrator.Name, It.IsAny<UserRun>(), It.IsAny<TaskOptions>()))
            .Returns<TaskName, object?, TaskOptions?>((_, run, options) =>
            {
                var done = new TaskCompletionSource<string>();
                started.Add(((UserRun)run!, (options as SubOrchestrationOptions)?.InstanceId, done));
                maxInFlight = Math.Max(maxInFlight, started.Count(s => !s.Done.Task.IsCompleted));
                return done.Task;
            });

        // Without a synchronization context, completing a sub-orchestration runs the orchestrator on
        // inline until its next wait, so the test steps through the window deterministically.
        SynchronizationContext.SetSynchronizationContext(null);
        var orchestration = NightlyInsightsOrchestrator.RunAsync(context.Object);

        // Finish sub-orchestrations one at a time, oldest first, as the window asks for more.
        var statuses = new[] { InsightRunStatuses.Completed, InsightRunStatuses.Skipped, InsightRunStatuses.Completed, InsightRunStatuses.Failed, InsightRunStatuses.Completed };
        for (var i = 0; i < statuses.Length; i++)
        {
            await WaitUntil(() => started.Count > i || orchestration.IsCompleted);
            Assert.True(started.Count <= i + 2, "more sub-orchestrations started than the window allows");
            started[i].Done.SetResult(statuses[i]);
        }

        var summary = await orchestration;

        Assert.Equal(2, maxInFlight);
        Assert.Equal(["u1", "u2", "u3", "u4", "u5"], started.Select(s => s.Run.UserId));
        Assert.All(started, s =>
        {
            Assert.Equal(new UserRun(s.Run.UserId, input.RunId, InsightTriggers.Nightly, AsOf), s.Run);
            Assert.Equal($"insights-nightly-2026-12-03-{s.Run.UserId}", s.InstanceId);
        });
        Assert.Equal([new ActiveUsersRequest(null, 2), new ActiveUsersRequest("u2", 2), new ActiveUsersRequest("u4", 2)], requested);
        Assert.Equal(new NightlyInsightsSummary(input.RunId, Users: 5, Completed: 3, Skipped: 1, Failed: 1), summary);
        context.Verify(x => x.CallActivityAsync<ImportanceTrainingReport>(InsightActivities.TrainImportance, new TrainImportanceRequest(input.RunId, AsOf), It.IsAny<TaskOptions>()), Times.Once);
    }

    [Fact]
    public async Task The_model_is_trained_before_any_user_is_scored_and_a_failed_training_does_not_stop_the_run()
    {
        var context = new Mock<TaskOrchestrationContext>(MockBehavior.Strict);
        var calls = new List<string>();
        context.Setup(x => x.GetInput<NightlyInsightsInput>()).Returns(new NightlyInsightsInput("nightly-2026-12-03", AsOf, 100, 8));
        context.Setup(x => x.CallActivityAsync<ImportanceTrainingReport>(InsightActivities.TrainImportance, It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback(() => calls.Add("train"))
            .ThrowsAsync(new TaskFailedException(InsightActivities.TrainImportance, 1, new TaskFailureDetails("InvalidOperationException", "out of memory", null, null, null)));
        context.Setup(x => x.CallActivityAsync<ActiveUsersPage>(InsightActivities.ListActiveUsers, It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync(new ActiveUsersPage(["u1"], null));
        context.Setup(x => x.CallSubOrchestratorAsync<string>(UserInsightsOrchestrator.Name, It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback(() => calls.Add("user"))
            .ReturnsAsync(InsightRunStatuses.Completed);

        var summary = await NightlyInsightsOrchestrator.RunAsync(context.Object);

        Assert.Equal(["train", "user"], calls);
        Assert.Equal(new NightlyInsightsSummary("nightly-2026-12-03", 1, 1, 0, 0), summary);
    }

    [Fact]
    public async Task No_active_users_is_an_empty_run()
    {
        var context = new Mock<TaskOrchestrationContext>();
        context.Setup(x => x.GetInput<NightlyInsightsInput>()).Returns(new NightlyInsightsInput("nightly-2026-12-03", AsOf, 100, 8));
        context.Setup(x => x.CallActivityAsync<ActiveUsersPage>(InsightActivities.ListActiveUsers, It.IsAny<ActiveUsersRequest>(), It.IsAny<TaskOptions>()))
            .ReturnsAsync(new ActiveUsersPage([], null));

        var summary = await NightlyInsightsOrchestrator.RunAsync(context.Object);

        Assert.Equal(new NightlyInsightsSummary("nightly-2026-12-03", 0, 0, 0, 0), summary);
        context.Verify(x => x.CallSubOrchestratorAsync<string>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()), Times.Never);
    }

    /// <summary>A guard should a continuation ever run asynchronously: bounded by a count, not a clock.</summary>
    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 100_000 && !condition(); i++)
        {
            await Task.Yield();
        }

        Assert.True(condition());
    }
}
