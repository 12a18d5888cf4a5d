using Kmt.Core.Accounts;
using Kmt.Core.Activity;
using Kmt.Core.Common;
using Kmt.Core.Knowledge;
using Kmt.Core.Privacy;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Insights;

/// <summary>
/// The steps of the insight pipeline (docs/design/insights.md, "Insight pipeline"). Each orchestration
/// activity calls one method here; each method is idempotent per (user, run): it reads what the run
/// already holds and writes under the same key, so a retried or replayed step changes nothing.
/// </summary>
public sealed class InsightPipelineService(
    IUserStore users,
    IKnowledgeStore items,
    IInsightRunStore runs,
    IPrivacyStore privacy,
    IActivityStore activity,
    ImportanceModelRegistry models,
    IImportanceModelEngine engine,
    IOptions<InsightOptions> options,
    TimeProvider time,
    PendingAccesses? accesses = null,
    InsightAnnouncer? announcer = null,
    PendingSearches? searches = null)
{
    private const int SnapshotPageSize = 100;
    private const int MaxRunIdLength = 64;

    /// <summary>Access times an item keeps in a snapshot (the newest): enough for the model's 90-day and regularity features, and it bounds a snapshot's size.</summary>
    public const int MaxAccessTimesPerItem = 32;

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

        // The reads this instance still holds in memory (docs/design/storage.md, "Access counts") count in this run.
        await FlushAccessesAsync(user.Id, cancellationToken);
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

    /// <summary>
    /// The caller's latest importance predictions (the most recently completed run that scored), highest
    /// first, at most <paramref name="limit"/> (default 10, up to Kmt:Insights:MaxPredictionsPerRequest),
    /// with the title of each item still held. <paramref name="type"/> must be "importance" (the default).
    /// </summary>
    public async Task<IReadOnlyList<ImportancePrediction>> GetPredictionsAsync(AuthenticatedUser caller, string? type, string? limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var validation = new Validation();
        if (!string.IsNullOrEmpty(type) && type != ImportancePrediction.TypeName)
        {
            validation.Add("type", $"type must be '{ImportancePrediction.TypeName}'.");
        }

        var max = Math.Max(1, options.Value.MaxPredictionsPerRequest);
        var take = 10;
        if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out take) || take < 1 || take > max))
        {
            validation.Add("limit", $"limit must be a whole number from 1 to {max}.");
        }

        validation.ThrowIfInvalid();
        var run = await runs.GetLatestScoredRunAsync(caller.UserId, cancellationToken);
        if (run is null)
        {
            return [];
        }

        var predictions = new List<ImportancePrediction>();
        foreach (var score in await runs.ListImportanceAsync(caller.UserId, run.RunId, Math.Min(take, max), cancellationToken))
        {
            if (await items.GetAsync(caller.UserId, score.ItemId, cancellationToken) is { DeletedAt: null } item)
            {
                predictions.Add(new ImportancePrediction(score, item.Title, run.RunId, run.AsOf));
            }
        }

        return predictions;
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

        await FlushAccessesAsync(key.UserId, cancellationToken);
        var features = await SnapshotAsync(key.UserId, run.AsOf, cancellationToken);
        await runs.SaveFeaturesAsync(key.UserId, key.RunId, features, cancellationToken);
        await runs.UpdateRunAsync(run with { ItemCount = features.Count, UpdatedAt = time.GetUtcNow() }, cancellationToken);
        return features.Count;
    }

    /// <summary>
    /// Scores every item of the run's snapshot with the current importance model (the prior while there
    /// is none) as of the run's as-of time, replaces the run's scores with them, and writes each score to
    /// its item's importance_score (the latest prediction).
    /// </summary>
    public async Task<int> ScoreImportanceAsync(UserRun key, CancellationToken cancellationToken)
    {
        var run = await RequireRunAsync(key, cancellationToken);
        var features = await runs.ListFeaturesAsync(key.UserId, key.RunId, cancellationToken);
        var scorer = await models.GetCurrentAsync(cancellationToken);
        var scores = scorer.Score(features, run.AsOf, run.AsOf + options.Value.ImportanceTargetWindow);
        await runs.SaveImportanceAsync(key.UserId, key.RunId, scores, cancellationToken);
        await items.SetImportanceScoresAsync(key.UserId, scores.ToDictionary(s => s.ItemId, s => s.Score, StringComparer.Ordinal), cancellationToken);
        await runs.UpdateRunAsync(run with { ScoredCount = scores.Count, UpdatedAt = time.GetUtcNow() }, cancellationToken);
        return scores.Count;
    }

    /// <summary>
    /// Trains the importance model of a nightly run from the histories of active users who granted the
    /// personalised_insights consent (at most Kmt:Insights:MaxTrainingUsers), as of the run's as-of time,
    /// and makes it current. Once per run: a model of this run's version already stored is kept. With too
    /// little history no model is stored and the current one (or the prior) stays.
    /// </summary>
    public async Task<ImportanceTrainingReport> TrainImportanceModelAsync(string runId, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var version = "importance-" + runId;
        if (await models.ExistsAsync(version, cancellationToken))
        {
            return new ImportanceTrainingReport(version, Trained: true, People: null, Examples: null, Positives: null, HeldOutCalibrationError: null, Note: "Already trained for this run.");
        }

        var histories = new List<IReadOnlyList<ItemFeatures>>();
        string? after = null;
        var maxUsers = Math.Max(0, options.Value.MaxTrainingUsers);
        do
        {
            var page = await PageAsync(after, options.Value.UserPageSize, cancellationToken);
            foreach (var userId in page.UserIds)
            {
                if (histories.Count < maxUsers && await HasConsentAsync(userId, cancellationToken))
                {
                    histories.Add(await SnapshotAsync(userId, asOf, cancellationToken));
                }
            }

            after = page.After;
        }
        while (after is not null && histories.Count < maxUsers);

        var result = engine.Train(new ImportanceTrainingSet
        {
            Version = version,
            AsOf = asOf,
            Histories = histories,
            TargetWindow = options.Value.ImportanceTargetWindow,
            MinExamples = options.Value.MinTrainingExamples,
        });
        if (result.Model is not null)
        {
            await models.PublishAsync(result.Model, cancellationToken);
        }

        return new ImportanceTrainingReport(version, result.Model is not null, histories.Count, result.Examples, result.Positives, result.HeldOutCalibrationError, result.NotTrainedReason);
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

        // After the write, and only the first time: a retried step returns above without announcing again.
        if (announcer is not null)
        {
            await announcer.AnnounceAsync(completed, cancellationToken);
        }

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

    /// <summary>Writes the person's accesses and searches still held in memory (docs/design/storage.md, "Access counts", "Search history").</summary>
    private async Task FlushAccessesAsync(string userId, CancellationToken cancellationToken)
    {
        if (accesses is not null)
        {
            await accesses.FlushUserAsync(userId, cancellationToken);
        }

        if (searches is not null)
        {
            await searches.FlushUserAsync(userId, cancellationToken);
        }
    }

    /// <summary>
    /// The user's items created by <paramref name="asOf"/> (newest first, at most
    /// Kmt:Insights:MaxItemsPerSnapshot) with their tags and access times: the starts of their reading
    /// sessions and their last access, none after <paramref name="asOf"/>.
    /// </summary>
    private async Task<List<ItemFeatures>> SnapshotAsync(string userId, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var sessions = (await activity.ListSessionsAsync(userId, null, cancellationToken))
            .Where(s => s.StartTime <= asOf)
            .ToLookup(s => s.KnowledgeItemId, s => s.StartTime, StringComparer.Ordinal);
        var limit = Math.Max(0, options.Value.MaxItemsPerSnapshot);
        var features = new List<ItemFeatures>();
        KeysetPosition? after = null;
        do
        {
            var page = await items.ListAsync(
                new KnowledgeListQuery { UserId = userId, CreatedAtOrBefore = asOf, After = after, Take = Math.Min(SnapshotPageSize, limit - features.Count) },
                cancellationToken);
            features.AddRange(page.Items.Select(i => new ItemFeatures
            {
                ItemId = i.Id,
                CreatedAt = i.CreatedAt,
                LastAccessedAt = i.AccessedAt,
                AccessCount = i.AccessCount,
                WordCount = i.WordCount,
                Tags = i.Tags,
                AccessTimes = AccessTimes(i, sessions[i.Id], asOf),
            }));
            after = page.Next;
        }
        while (after is not null && features.Count < limit);

        return features;
    }

    private static List<DateTimeOffset> AccessTimes(KnowledgeItem item, IEnumerable<DateTimeOffset> sessionStarts, DateTimeOffset asOf)
    {
        var times = sessionStarts.ToList();
        // An item opened through the API without a reading session leaves only its last access.
        if (item.AccessCount > 0 && item.AccessedAt > item.CreatedAt && item.AccessedAt <= asOf && !times.Any(t => Math.Abs((t - item.AccessedAt).TotalMinutes) < 30))
        {
            times.Add(item.AccessedAt);
        }

        return times.Order().TakeLast(MaxAccessTimesPerItem).ToList();
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
