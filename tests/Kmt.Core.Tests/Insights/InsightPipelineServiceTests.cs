using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Core.Insights;
using Kmt.Core.Knowledge;
using Kmt.Core.Privacy;
using Kmt.Core.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Kmt.Core.Activity;
using static Kmt.Core.Tests.Fakes.TestSupport;

namespace Kmt.Core.Tests.Insights;

/// <summary>The pipeline's steps are idempotent per (user, run) and honour the personalised_insights consent.</summary>
public sealed class InsightPipelineServiceTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly FakeTimeProvider _clock = Clock();
    private readonly InMemoryUserStore _users = new();
    private readonly InMemoryKnowledgeStore _items = new();
    private readonly InMemoryInsightRunStore _runs = new();
    private readonly InMemoryPrivacyStore _privacy = new();
    private readonly InMemoryActivityStore _activity = new();
    private readonly InMemoryBlobStore _blobs = new();
    private readonly Mock<IImportanceModelEngine> _engine = new(MockBehavior.Strict);
    private readonly InsightPipelineService _pipeline;
    private readonly User _user;

    public InsightPipelineServiceTests()
    {
        var options = Options(new InsightOptions());
        _pipeline = new InsightPipelineService(_users, _items, _runs, _privacy, _activity, new ImportanceModelRegistry(_blobs, _engine.Object, options, _clock), _engine.Object, options, _clock);
        _user = new User { Id = Ids.New(), Email = "a@example.com", NormalizedEmail = "a@example.com", PasswordHash = "h", Role = Roles.User, CreatedAt = Start, UpdatedAt = Start, ETag = ETags.New() };
        _users.Users[_user.Id] = _user;
    }

    [Fact]
    public async Task A_refresh_needs_the_personalised_insights_consent()
    {
        var refused = await Assert.ThrowsAsync<KmtException>(() => _pipeline.RequestRefreshAsync(Caller(_user.Id), Ct));
        Assert.Equal(ErrorCode.ConsentRequired, refused.Code);

        Grant();
        var run = await _pipeline.RequestRefreshAsync(Caller(_user.Id), Ct);
        Assert.Equal((InsightRunStatuses.Pending, InsightTriggers.Refresh, Start), (run.Status, run.Trigger, run.AsOf));
    }

    [Fact]
    public async Task A_nightly_run_without_consent_is_recorded_skipped_and_a_repeat_keeps_that_decision()
    {
        var key = new UserRun(_user.Id, InsightPipelineService.NightlyRunId(Start), InsightTriggers.Nightly, Start);

        Assert.Equal(InsightRunStatuses.Skipped, (await _pipeline.BeginRunAsync(key, Ct)).Status);
        Grant();
        Assert.Equal(InsightRunStatuses.Skipped, (await _pipeline.BeginRunAsync(key, Ct)).Status);
        Assert.Equal("nightly-2024-01-15", key.RunId);
    }

    [Fact]
    public async Task The_snapshot_is_taken_once_per_run_and_scores_are_computed_as_of_the_run_not_the_clock()
    {
        Grant();
        var often = Item("often", accesses: 4, lastAccess: Start.AddDays(-1));
        var stale = Item("stale", accesses: 1, lastAccess: Start.AddDays(-90));
        var key = new UserRun(_user.Id, "nightly-2024-01-15", InsightTriggers.Nightly, Start);
        await _pipeline.BeginRunAsync(key, Ct);

        Assert.Equal(2, await _pipeline.SnapshotFeaturesAsync(key, Ct));
        Item("later", accesses: 9, lastAccess: Start);
        Assert.Equal(2, await _pipeline.SnapshotFeaturesAsync(key, Ct)); // a retried step
        Assert.Equal(1, _runs.FeatureSaves);

        Assert.Equal(2, await _pipeline.ScoreImportanceAsync(key, Ct));
        var first = _runs.Scores[(_user.Id, key.RunId)];
        _clock.Advance(TimeSpan.FromDays(40));
        await _pipeline.ScoreImportanceAsync(key, Ct);

        Assert.Equal(first, _runs.Scores[(_user.Id, key.RunId)]);
        var report = await _pipeline.GetRunAsync(Caller(_user.Id), key.RunId, Ct);
        Assert.Equal([often.Id, stale.Id], report.TopScores.Select(s => s.ItemId));
        Assert.All(report.TopScores, s => Assert.Equal(ImportancePrior.ModelName, s.Model)); // no model trained yet: the prior
        Assert.Equal(first.Single(s => s.ItemId == often.Id).Score, _items.Items[(_user.Id, often.Id)].ImportanceScore); // written back to the item
        var completed = await _pipeline.CompleteRunAsync(key, Ct);
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(completed.CompletedAt, (await _pipeline.CompleteRunAsync(key, Ct)).CompletedAt);
        Assert.Equal((2, 2), (completed.ItemCount, completed.ScoredCount));
    }

    [Fact]
    public async Task Another_users_run_is_not_found()
    {
        Grant();
        var run = await _pipeline.RequestRefreshAsync(Caller(_user.Id), Ct);

        var missing = await Assert.ThrowsAsync<KmtException>(() => _pipeline.GetRunAsync(Caller(), run.RunId, Ct));
        Assert.Equal(ErrorCode.NotFound, missing.Code);
    }

    [Theory]
    [InlineData(0, 0, 0.6)] // saved today, never opened: full recency, no frequency
    [InlineData(5, 30, 0.5528)] // one half-life ago, five opens: 0.6·0.5 + 0.4·(1 − e^−1)
    [InlineData(0, 300, 0.0006)] // ten half-lives, never opened
    public void The_prior_combines_recency_and_frequency_as_documented(int accesses, int daysAgo, double expected)
    {
        var features = new ItemFeatures { ItemId = "i", CreatedAt = Start.AddDays(-daysAgo), LastAccessedAt = Start.AddDays(-daysAgo), AccessCount = accesses, WordCount = 10 };

        var score = ImportancePrior.Score(features, Start, new InsightOptions());

        Assert.Equal(expected, score.Score, 4);
        Assert.Equal(ImportancePrior.ModelName, score.Model);
    }

    private void Grant() => _privacy.Consents[_user.Id] = new UserConsents
    {
        UserId = _user.Id,
        Purposes = [new ConsentState(ConsentPurposes.PersonalisedInsights, true, Start, null)],
        UpdatedAt = Start,
        ETag = ETags.New(),
    };

    private KnowledgeItem Item(string title, int accesses, DateTimeOffset lastAccess)
    {
        var item = new KnowledgeItem
        {
            Id = Ids.New(), UserId = _user.Id, Title = title, ContentType = "note", CreatedAt = Start.AddDays(-100), UpdatedAt = Start.AddDays(-100),
            AccessedAt = lastAccess, AccessCount = accesses, ETag = ETags.New(),
        };
        _items.Items[(item.UserId, item.Id)] = item;
        return item;
    }
}
