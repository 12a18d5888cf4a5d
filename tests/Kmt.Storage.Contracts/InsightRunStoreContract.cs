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

    [Fact]
    public virtual async Task A_snapshot_keeps_tags_and_access_times_and_a_large_one_round_trips()
    {
        var runId = Ids.New();
        var features = Enumerable.Range(0, 2500).Select(i => Features($"item-{i:D5}", i % 40) with { Tags = i % 3 == 0 ? [] : ["science/physics", $"topic {i % 7}"] }).ToList();

        await Runs.SaveFeaturesAsync(A, runId, features, Ct);

        Assert.Equal(features, await Runs.ListFeaturesAsync(A, runId, Ct));
        await Runs.SaveFeaturesAsync(A, runId, features.Take(3).ToList(), Ct);
        Assert.Equal(features.Take(3), await Runs.ListFeaturesAsync(A, runId, Ct));
    }

    [Fact]
    public virtual async Task Scores_keep_their_interval_and_target_date_and_a_prior_score_has_none()
    {
        var runId = Ids.New();
        var modelled = Score("m", 0.7) with { Model = "importance-nightly-2025-01-01", ConfidenceLow = 0.65, ConfidenceHigh = 0.75, TargetDate = T0.AddDays(30) };
        var prior = Score("p", 0.4);

        await Runs.SaveImportanceAsync(A, runId, [prior, modelled], Ct);

        Assert.Equal([modelled, prior], await Runs.ListImportanceAsync(A, runId, 10, Ct));
    }

    [Fact]
    public virtual async Task The_latest_scored_run_is_the_last_completed_one_that_scored()
    {
        Assert.Null(await Runs.GetLatestScoredRunAsync(A, Ct));
        var older = NewRun(A, "nightly-2025-01-01") with { Status = InsightRunStatuses.Completed, CompletedAt = T0.AddHours(1), ScoredCount = 3 };
        var newer = NewRun(A, "refresh-b") with { Status = InsightRunStatuses.Completed, CompletedAt = T0.AddHours(5), ScoredCount = 4 };
        var failed = NewRun(A, "refresh-c") with { Status = InsightRunStatuses.Failed, CompletedAt = T0.AddHours(9), ScoredCount = 4 };
        var unscored = NewRun(A, "refresh-d") with { Status = InsightRunStatuses.Completed, CompletedAt = T0.AddHours(9) };
        var theirs = NewRun(B, "nightly-2025-01-02") with { Status = InsightRunStatuses.Completed, CompletedAt = T0.AddHours(20), ScoredCount = 1 };
        foreach (var run in new[] { older, newer, failed, unscored, theirs })
        {
            await Runs.CreateRunAsync(run, Ct);
        }

        Assert.Equal(newer, await Runs.GetLatestScoredRunAsync(A, Ct));
        Assert.Equal(theirs, await Runs.GetLatestScoredRunAsync(B, Ct));
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
        Tags = ["science"],
        // Access times are kept to the millisecond.
        AccessTimes = Enumerable.Range(0, accesses % 5).Select(k => T0.AddDays(-k).AddMilliseconds(k)).OrderBy(t => t).ToList(),
    };

    private static ImportanceScore Score(string itemId, double score) => new()
    {
        ItemId = itemId,
        Score = score,
        Model = ImportancePrior.ModelName,
        Reasoning = $"Opened {itemId}.",
    };
}
