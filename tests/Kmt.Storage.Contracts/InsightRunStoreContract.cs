using Kmt.Core.Common;
using Kmt.Core.Insights;

namespace Kmt.Storage.Contracts;

/// <summary>IInsightRunStore: runs keyed by (user, run), created once, replaced by later steps; snapshots and scores replaced whole.</summary>
public abstract class InsightRunStoreContract : StoreContract
{
    private IInsightRunStore Runs => Stores.Insights;

    [Fact]
    public virtual async Task A_run_is_created_once_and_every_field_round_trips()
    {
        var run = NewRun(A, "nightly-2025-01-01");
        Assert.Equal(run, await Runs.CreateRunAsync(run, Ct));

        var second = await Runs.CreateRunAsync(run with { Status = InsightRunStatuses.Running, CreatedAt = T0.AddHours(1) }, Ct);

        Assert.Equal(run, second);
        Assert.Equal(run, await Runs.GetRunAsync(A, run.RunId, Ct));
        var done = run with
        {
            Status = InsightRunStatuses.Failed,
            UpdatedAt = T0.AddMinutes(5).AddTicks(7),
            CompletedAt = T0.AddMinutes(5),
            ItemCount = 12,
            ScoredCount = 11,
            Error = "Ünïcode \"quoted\" failure",
        };
        await Runs.UpdateRunAsync(done, Ct);
        Assert.Equal(done, await Runs.GetRunAsync(A, run.RunId, Ct));
    }

    [Fact]
    public virtual async Task Runs_are_per_user_and_updating_a_missing_run_is_not_found()
    {
        var run = NewRun(A, Ids.New());
        await Runs.CreateRunAsync(run, Ct);

        Assert.Null(await Runs.GetRunAsync(B, run.RunId, Ct));
        Assert.Null(await Runs.GetRunAsync(A, Ids.New(), Ct));
        var ex = await Assert.ThrowsAsync<KmtException>(() => Runs.UpdateRunAsync(run with { UserId = B }, Ct));
        Assert.Equal(ErrorCode.NotFound, ex.Code);
    }

    [Fact]
    public virtual async Task A_runs_users_are_listed_in_user_order_filtered_by_status_and_paged()
    {
        var runId = "nightly-" + Ids.New();
        var users = Enumerable.Range(0, 5).Select(i => $"{A}-{i}").ToList();
        foreach (var (user, i) in users.Select((u, i) => (u, i)).Reverse())
        {
            var run = await Runs.CreateRunAsync(NewRun(user, runId), Ct);
            await Runs.UpdateRunAsync(run with { Status = i % 2 == 0 ? InsightRunStatuses.Completed : InsightRunStatuses.Failed, Error = i % 2 == 0 ? null : "boom " + i }, Ct);
        }

        await Runs.CreateRunAsync(NewRun(users[0], Ids.New()), Ct); // another run of the same user is not listed

        var all = await Runs.ListRunsAsync(runId, null, null, 10, Ct);
        Assert.Equal(users, all.Select(r => r.UserId));
        var firstTwo = await Runs.ListRunsAsync(runId, null, null, 2, Ct);
        Assert.Equal(users[..2], firstTwo.Select(r => r.UserId));
        var rest = await Runs.ListRunsAsync(runId, null, firstTwo[^1].UserId, 10, Ct);
        Assert.Equal(users[2..], rest.Select(r => r.UserId));
        var failed = await Runs.ListRunsAsync(runId, InsightRunStatuses.Failed, null, 10, Ct);
        Assert.Equal([users[1], users[3]], failed.Select(r => r.UserId));
        Assert.Equal(["boom 1", "boom 3"], failed.Select(r => r.Error));
        Assert.Empty(await Runs.ListRunsAsync(Ids.New(), null, null, 10, Ct));
    }

    [Fact]
    public virtual async Task A_snapshot_is_replaced_whole_and_listed_by_item_id()
    {
        var runId = Ids.New();
        await Runs.SaveFeaturesAsync(A, runId, [Features("b", 3), Features("a", 1)], Ct);
        await Runs.SaveFeaturesAsync(A, runId, [Features("c", 5), Features("a", 2)], Ct);

        var stored = await Runs.ListFeaturesAsync(A, runId, Ct);

        Assert.Equal([Features("a", 2), Features("c", 5)], stored);
        Assert.Empty(await Runs.ListFeaturesAsync(B, runId, Ct));
        Assert.Empty(await Runs.ListFeaturesAsync(A, Ids.New(), Ct));
    }

    [Fact]
    public virtual async Task Scores_are_replaced_whole_and_listed_highest_first()
    {
        var runId = Ids.New();
        await Runs.SaveImportanceAsync(A, runId, [Score("x", 0.9)], Ct);
        await Runs.SaveImportanceAsync(A, runId, [Score("b", 0.5), Score("a", 0.5), Score("c", 0.75), Score("d", 0.125)], Ct);

        Assert.Equal([Score("c", 0.75), Score("a", 0.5), Score("b", 0.5)], await Runs.ListImportanceAsync(A, runId, 3, Ct));
        Assert.Equal(4, (await Runs.ListImportanceAsync(A, runId, 10, Ct)).Count);
        Assert.Empty(await Runs.ListImportanceAsync(A, runId, 0, Ct));
        Assert.Empty(await Runs.ListImportanceAsync(B, runId, 10, Ct));
    }

    private static InsightRun NewRun(string userId, string runId) => new()
    {
        UserId = userId,
        RunId = runId,
        Trigger = InsightTriggers.Nightly,
        Status = InsightRunStatuses.Pending,
        AsOf = T0,
        CreatedAt = T0.AddSeconds(1),
        UpdatedAt = T0.AddSeconds(1),
    };

    private static ItemFeatures Features(string itemId, int accesses) => new()
    {
        ItemId = itemId,
        CreatedAt = T0.AddDays(-accesses),
        LastAccessedAt = T0.AddHours(-accesses).AddTicks(3),
        AccessCount = accesses,
        WordCount = accesses * 100,
    };

    private static ImportanceScore Score(string itemId, double score) => new()
    {
        ItemId = itemId,
        Score = score,
        Model = ImportancePrior.ModelName,
        Reasoning = $"Opened {itemId}.",
    };
}
