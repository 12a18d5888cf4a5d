using Kmt.Core.Accounts;
using Kmt.Core.Activity;
using Kmt.Core.Common;
using Kmt.Core.Insights;
using Kmt.Core.Knowledge;
using Kmt.Core.Privacy;
using Kmt.Core.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;
using Moq;
using static Kmt.Core.Tests.Fakes.TestSupport;

namespace Kmt.Core.Tests.Insights;

/// <summary>
/// Training reads only consenting people's histories, stores a versioned model in blob storage and makes
/// it current; scoring loads it once per instance; predictions are the caller's latest run's.
/// </summary>
public sealed class ImportanceModelLifecycleTests
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
    private readonly InsightOptions _options = new() { ModelRefreshInterval = TimeSpan.FromMinutes(10) };
    private readonly ImportanceModelRegistry _registry;
    private readonly InsightPipelineService _pipeline;

    public ImportanceModelLifecycleTests()
    {
        var options = Options(_options);
        _registry = new ImportanceModelRegistry(_blobs, _engine.Object, options, _clock);
        _pipeline = new InsightPipelineService(_users, _items, _runs, _privacy, _activity, _registry, _engine.Object, options, _clock);
    }

    [Fact]
    public async Task Training_reads_only_consenting_histories_publishes_the_model_and_a_repeat_for_the_run_does_nothing()
    {
        var consenting = AddUser("a@example.com", consent: true);
        var refusing = AddUser("b@example.com", consent: false);
        var read = AddItem(consenting, "read", tags: ["physics"]);
        AddItem(refusing, "private");
        AddSession(consenting, read, Start.AddDays(-3));
        AddSession(consenting, read, Start.AddDays(5)); // after the run's as-of time: not in the history
        ImportanceTrainingSet? seen = null;
        var model = Scorer("importance-nightly-2024-01-15");
        _engine.Setup(e => e.Train(It.IsAny<ImportanceTrainingSet>()))
            .Callback<ImportanceTrainingSet>(set => seen = set)
            .Returns(new ImportanceTrainingResult(model.Object, 900, 300, 0.02, null));

        var report = await _pipeline.TrainImportanceModelAsync("nightly-2024-01-15", Start, Ct);

        Assert.True(report.Trained);
        var history = Assert.Single(seen!.Histories);
        var item = Assert.Single(history);
        Assert.Equal(read.Id, item.ItemId);
        Assert.Equal(["physics"], item.Tags);
        Assert.Equal([Start.AddDays(-3)], item.AccessTimes);
        Assert.Equal(TimeSpan.FromDays(30), seen.TargetWindow);
        Assert.Equal("importance-nightly-2024-01-15", await _registry.ReadCurrentVersionAsync(Ct));
        Assert.True(_blobs.Blobs.ContainsKey((ImportanceModelRegistry.Container, ImportanceModelRegistry.PathOf("importance-nightly-2024-01-15"))));

        var again = await _pipeline.TrainImportanceModelAsync("nightly-2024-01-15", Start, Ct);
        Assert.True(again.Trained);
        _engine.Verify(e => e.Train(It.IsAny<ImportanceTrainingSet>()), Times.Once());
    }

    [Fact]
    public async Task With_too_little_history_nothing_is_stored_and_scoring_stays_on_the_prior()
    {
        var user = AddUser("a@example.com", consent: true);
        AddItem(user, "only");
        _engine.Setup(e => e.Train(It.IsAny<ImportanceTrainingSet>())).Returns(new ImportanceTrainingResult(null, 3, 1, null, "Not enough history."));

        var report = await _pipeline.TrainImportanceModelAsync("nightly-2024-01-15", Start, Ct);

        Assert.False(report.Trained);
        Assert.Equal("Not enough history.", report.Note);
        Assert.Empty(_blobs.Blobs);
        Assert.Equal(ImportancePrior.ModelName, (await _registry.GetCurrentAsync(Ct)).Version);
    }

    [Fact]
    public async Task The_current_model_is_loaded_once_and_a_newer_one_is_picked_up_after_the_refresh_interval()
    {
        await PublishAsync("importance-v1");
        var v1 = Scorer("importance-v1");
        _engine.Setup(e => e.Load(It.IsAny<Stream>())).Returns(v1.Object);

        Assert.Same(v1.Object, await _registry.GetCurrentAsync(Ct));
        Assert.Same(v1.Object, await _registry.GetCurrentAsync(Ct));
        await PublishAsync("importance-v2");
        Assert.Same(v1.Object, await _registry.GetCurrentAsync(Ct)); // within the interval: the cached one

        var v2 = Scorer("importance-v2");
        _engine.Setup(e => e.Load(It.IsAny<Stream>())).Returns(v2.Object);
        _clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Same(v2.Object, await _registry.GetCurrentAsync(Ct));
        _clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Same(v2.Object, await _registry.GetCurrentAsync(Ct)); // same version: not loaded again
        _engine.Verify(e => e.Load(It.IsAny<Stream>()), Times.Exactly(2));
    }

    [Fact]
    public async Task Predictions_are_the_latest_scored_runs_with_titles_and_bad_parameters_are_400()
    {
        var user = AddUser("a@example.com", consent: true);
        var kept = AddItem(user, "Quantum computing");
        var trashed = AddItem(user, "Trashed") with { DeletedAt = Start };
        _items.Items[(user.Id, trashed.Id)] = trashed;
        var model = Scorer("importance-v1");
        model.Setup(m => m.Score(It.IsAny<IReadOnlyList<ItemFeatures>>(), It.IsAny<DateTimeOffset>(), It.IsAny<DateTimeOffset>()))
            .Returns((IReadOnlyList<ItemFeatures> items, DateTimeOffset _, DateTimeOffset target) => items
                .Select(i => new ImportanceScore { ItemId = i.ItemId, Score = 0.7, ConfidenceLow = 0.6, ConfidenceHigh = 0.8, TargetDate = target, Model = "importance-v1", Reasoning = "why" })
                .ToList());
        await PublishAsync("importance-v1");
        _engine.Setup(e => e.Load(It.IsAny<Stream>())).Returns(model.Object);
        var key = new UserRun(user.Id, "refresh-1", InsightTriggers.Refresh, Start);
        await _pipeline.BeginRunAsync(key, Ct);
        await _pipeline.SnapshotFeaturesAsync(key, Ct);
        Assert.Empty(await _pipeline.GetPredictionsAsync(Caller(user.Id), "importance", null, Ct)); // not completed yet
        await _pipeline.ScoreImportanceAsync(key, Ct);
        await _pipeline.CompleteRunAsync(key, Ct);

        var prediction = Assert.Single(await _pipeline.GetPredictionsAsync(Caller(user.Id), "importance", "5", Ct));

        Assert.Equal((kept.Id, "Quantum computing", "refresh-1", 0.7, Start.AddDays(30)), (prediction.Score.ItemId, prediction.Title, prediction.RunId, prediction.Score.Score, prediction.Score.TargetDate));
        Assert.Equal(0.7, _items.Items[(user.Id, kept.Id)].ImportanceScore);
        Assert.Empty(await _pipeline.GetPredictionsAsync(Caller(), null, null, Ct));
        foreach (var (type, limit) in new[] { ("gaps", "5"), ("importance", "0"), ("importance", "101"), ("importance", "ten") })
        {
            var bad = await Assert.ThrowsAsync<ValidationException>(() => _pipeline.GetPredictionsAsync(Caller(user.Id), type, limit, Ct));
            Assert.Single(bad.Errors);
        }
    }

    private async Task PublishAsync(string version)
    {
        var scorer = Scorer(version);
        await _registry.PublishAsync(scorer.Object, Ct);
    }

    private static Mock<IImportanceScorer> Scorer(string version)
    {
        var scorer = new Mock<IImportanceScorer>();
        scorer.SetupGet(s => s.Version).Returns(version);
        scorer.Setup(s => s.Save(It.IsAny<Stream>())).Callback<Stream>(s => s.Write([1, 2, 3])).Returns(true);
        return scorer;
    }

    private User AddUser(string email, bool consent)
    {
        var user = new User { Id = Ids.New(), Email = email, NormalizedEmail = email, PasswordHash = "h", Role = Roles.User, CreatedAt = Start, UpdatedAt = Start, ETag = ETags.New() };
        _users.Users[user.Id] = user;
        _privacy.Consents[user.Id] = new UserConsents
        {
            UserId = user.Id,
            Purposes = [new ConsentState(ConsentPurposes.PersonalisedInsights, consent, Start, null)],
            UpdatedAt = Start,
            ETag = ETags.New(),
        };
        return user;
    }

    private KnowledgeItem AddItem(User user, string title, IReadOnlyList<string>? tags = null)
    {
        var item = new KnowledgeItem
        {
            Id = Ids.New(), UserId = user.Id, Title = title, ContentType = "note", CreatedAt = Start.AddDays(-100), UpdatedAt = Start.AddDays(-100),
            AccessedAt = Start.AddDays(-100), Tags = tags ?? [], ETag = ETags.New(),
        };
        _items.Items[(item.UserId, item.Id)] = item;
        return item;
    }

    private void AddSession(User user, KnowledgeItem item, DateTimeOffset start)
    {
        var session = new ReadingSession { Id = Ids.New(), UserId = user.Id, KnowledgeItemId = item.Id, StartTime = start, CreatedAt = start, UpdatedAt = start };
        _activity.Sessions[(user.Id, session.Id)] = session;
    }
}
