using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Core.Knowledge;
using Kmt.Core.Privacy;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Insights;

/// <summary>
/// The steps of the insight pipeline (docs/architecture.md, "Insight pipeline"). Each orchestration
/// activity calls one method here; each method is idempotent per (user, run): it reads what the run
/// already holds and writes under the same key, so a retried or replayed step changes nothing.
/// </summary>
public sealed class InsightPipelineService(
    IUserStore users,
    IKnowledgeStore items,
    IInsightRunStore runs,
    IPrivacyStore privacy,
    IOptions<InsightOptions> options,
    TimeProvider time)
{
    private const int SnapshotPageSize = 100;
    private const int MaxRunIdLength = 64;

    /// <summary>
    /// Records a refresh run for the caller (pending until the orchestration picks it up). 403
    /// CONSENT_REQUIRED without the personalised_insights consent.
    /// </summary>
    public async Task<InsightRun> RequestRefreshAsync(AuthenticatedUser caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var user = await users.GetAsync(caller.UserId, cancellationToken) ?? throw KmtException.Unauthorized();
        if (!await HasConsentAsync(user.Id, cancellationToken))
        {
            throw new KmtException(ErrorCode.ConsentRequired, "Insights need the personalised_insights consent (PUT /api/v1/users/consents).", new { purpose = ConsentPurposes.PersonalisedInsights });
        }

        var now = time.GetUtcNow();
        return await runs.CreateRunAsync(NewRun(new UserRun(user.Id, Ids.New(), InsightTriggers.Refresh, now), now), cancellationToken);
    }

    /// <summary>The caller's run with its highest scores; NOT_FOUND for an unknown id or another user's run.</summary>
    public async Task<InsightRunReport> GetRunAsync(AuthenticatedUser caller, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var run = (string.IsNullOrEmpty(runId) || runId.Length > MaxRunIdLength ? null : await runs.GetRunAsync(caller.UserId, runId, cancellationToken))
            ?? throw KmtException.NotFound("Insight run");
        var top = await runs.ListImportanceAsync(run.UserId, run.RunId, Math.Max(0, options.Value.TopScoresInRun), cancellationToken);
        return new InsightRunReport(run, top);
    }

    /// <summary>The id of the nightly run of <paramref name="asOf"/>'s UTC date: one run per date.</summary>
    public static string NightlyRunId(DateTimeOffset asOf) => $"nightly-{asOf.UtcDateTime:yyyy-MM-dd}";

    public Task<ActiveUsersPage> ListActiveUsersAsync(string? after, int take, CancellationToken cancellationToken) =>
        PageAsync(after, take, cancellationToken);

    /// <summary>
    /// Starts the user's part of a run: records it (a nightly run is recorded here; a refresh already
    /// was) and marks it running, or skipped without the personalised_insights consent. Returns the
    /// run; the orchestration goes on only when it is running.
    /// </summary>
    public async Task<InsightRun> BeginRunAsync(UserRun key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var now = time.GetUtcNow();
        var run = await runs.CreateRunAsync(NewRun(key, now), cancellationToken);
        if (run.Status != InsightRunStatuses.Pending)
        {
            return run; // a replayed or retried start: whatever it decided stands
        }

        var status = await HasConsentAsync(key.UserId, cancellationToken) ? InsightRunStatuses.Running : InsightRunStatuses.Skipped;
        var begun = run with { Status = status, UpdatedAt = now, CompletedAt = status == InsightRunStatuses.Skipped ? now : null };
        await runs.UpdateRunAsync(begun, cancellationToken);
        return begun;
    }

    /// <summary>
    /// Snapshots the features of the user's items (live and archived, created by the run's as-of time,
    /// newest first, at most Kmt:Insights:MaxItemsPerSnapshot). Taken once per run: a repeat returns the
    /// count of the snapshot already stored.
    /// </summary>
    public async Task<int> SnapshotFeaturesAsync(UserRun key, CancellationToken cancellationToken)
    {
        var run = await RequireRunAsync(key, cancellationToken);
        if (run.ItemCount is { } taken)
        {
            return taken;
        }

        var limit = Math.Max(0, options.Value.MaxItemsPerSnapshot);
        var features = new List<ItemFeatures>();
        KeysetPosition? after = null;
        do
        {
            var page = await items.ListAsync(
                new KnowledgeListQuery { UserId = key.UserId, CreatedAtOrBefore = run.AsOf, After = after, Take = Math.Min(SnapshotPageSize, limit - features.Count) },
                cancellationToken);
            features.AddRange(page.Items.Select(i => new ItemFeatures
            {
                ItemId = i.Id,
                CreatedAt = i.CreatedAt,
                LastAccessedAt = i.AccessedAt,
                AccessCount = i.AccessCount,
                WordCount = i.WordCount,
            }));
            after = page.Next;
        }
        while (after is not null && features.Count < limit);

        await runs.SaveFeaturesAsync(key.UserId, key.RunId, features, cancellationToken);
        await runs.UpdateRunAsync(run with { ItemCount = features.Count, UpdatedAt = time.GetUtcNow() }, cancellationToken);
        return features.Count;
    }

    /// <summary>
    /// Scores every item of the run's snapshot with <see cref="ImportancePrior"/> as of the run's
    /// as-of time (so a repeat computes the same scores) and replaces the run's scores with them.
    /// </summary>
    public async Task<int> ScoreImportanceAsync(UserRun key, CancellationToken cancellationToken)
    {
        var run = await RequireRunAsync(key, cancellationToken);
        var features = await runs.ListFeaturesAsync(key.UserId, key.RunId, cancellationToken);
        var scores = features.Select(f => ImportancePrior.Score(f, run.AsOf, options.Value)).ToList();
        await runs.SaveImportanceAsync(key.UserId, key.RunId, scores, cancellationToken);
        await runs.UpdateRunAsync(run with { ScoredCount = scores.Count, UpdatedAt = time.GetUtcNow() }, cancellationToken);
        return scores.Count;
    }

    /// <summary>Marks the run completed (once: a repeat keeps the first completion time).</summary>
    public async Task<InsightRun> CompleteRunAsync(UserRun key, CancellationToken cancellationToken)
    {
        var run = await RequireRunAsync(key, cancellationToken);
        if (run.Status == InsightRunStatuses.Completed)
        {
            return run;
        }

        var now = time.GetUtcNow();
        var completed = run with { Status = InsightRunStatuses.Completed, CompletedAt = now, UpdatedAt = now, Error = null };
        await runs.UpdateRunAsync(completed, cancellationToken);
        return completed;
    }

    /// <summary>Marks the run failed with the failing step's message (cut to 1,000 characters).</summary>
    public async Task<InsightRun> FailRunAsync(UserRun key, string error, CancellationToken cancellationToken)
    {
        var run = await RequireRunAsync(key, cancellationToken);
        var now = time.GetUtcNow();
        var message = string.IsNullOrEmpty(error) ? "The run failed." : error[..Math.Min(error.Length, 1000)];
        var failed = run with { Status = InsightRunStatuses.Failed, CompletedAt = now, UpdatedAt = now, Error = message };
        await runs.UpdateRunAsync(failed, cancellationToken);
        return failed;
    }

    private async Task<ActiveUsersPage> PageAsync(string? after, int take, CancellationToken cancellationToken)
    {
        var size = Math.Clamp(take, 1, 1000);
        var ids = await users.ListActiveUserIdsAsync(after, size, cancellationToken);
        return new ActiveUsersPage(ids, ids.Count < size ? null : ids[^1]);
    }

    private async Task<InsightRun> RequireRunAsync(UserRun key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return await runs.GetRunAsync(key.UserId, key.RunId, cancellationToken) ?? throw KmtException.NotFound("Insight run");
    }

    private async Task<bool> HasConsentAsync(string userId, CancellationToken cancellationToken)
    {
        var consents = await privacy.GetConsentsAsync(userId, cancellationToken);
        return consents?.IsGranted(ConsentPurposes.PersonalisedInsights) ?? ConsentPurposes.DefaultGranted(ConsentPurposes.PersonalisedInsights);
    }

    private static InsightRun NewRun(UserRun key, DateTimeOffset now) => new()
    {
        UserId = key.UserId,
        RunId = key.RunId,
        Trigger = key.Trigger,
        Status = InsightRunStatuses.Pending,
        AsOf = key.AsOf,
        CreatedAt = now,
        UpdatedAt = now,
    };
}
