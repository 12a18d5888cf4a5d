using Kmt.Core.Activity;
using Kmt.Core.Embeddings;
using Kmt.Core.Insights;
using Kmt.Core.Insights.Discovery;
using Kmt.Core.Knowledge;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Kmt.Core.Tests.Insights.Discovery;

/// <summary>How a step's findings merge with stored insights: same ids on a rerun, statuses kept, dismissals respected for the cool-down.</summary>
public sealed class DiscoveryPipelineServiceTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);
    private static readonly UserRun Run2 = new("u1", "run-2", InsightTriggers.Nightly, AsOf);
    private readonly Mock<IInsightStore> _store = new(MockBehavior.Strict);
    private readonly List<InsightRecord> _written = [];
    private readonly DiscoveryPipelineService _service;

    public DiscoveryPipelineServiceTests()
    {
        var reader = new DiscoveryInputReader(
            Mock.Of<IKnowledgeStore>(), Mock.Of<IActivityStore>(), Mock.Of<IEmbeddingStore>(), Mock.Of<IInsightRunStore>(),
            Mock.Of<IEmbeddingGenerator<string, Embedding<float>>>(), Options.Create(new DiscoveryOptions()), Options.Create(new InsightOptions()));
        _store.Setup(s => s.UpsertAsync("u1", It.IsAny<IReadOnlyList<InsightRecord>>(), It.IsAny<CancellationToken>()))
            .Callback<string, IReadOnlyList<InsightRecord>, CancellationToken>((_, records, _) => _written.AddRange(records))
            .Returns(Task.CompletedTask);
        _service = new DiscoveryPipelineService(reader, new DiscoveryInputCache(Options.Create(new DiscoveryOptions())), _store.Object, Mock.Of<IInsightRunStore>(), Options.Create(new DiscoveryOptions { DismissCooldown = TimeSpan.FromDays(30) }), new FakeTimeProvider(AsOf.AddMinutes(5)));
    }

    [Fact]
    public async Task A_new_finding_is_stored_as_new_under_an_id_derived_from_user_kind_and_subject()
    {
        Existing();

        await _service.StoreAsync(Run2, AsOf, InsightKinds.Dormant, [("item-1", 0.7, new { item_id = "item-1" })], default);

        var record = Assert.Single(_written);
        Assert.Equal(InsightIds.For("u1", InsightKinds.Dormant, "item-1"), record.Id);
        Assert.Equal((InsightStatuses.New, true, "run-2", 0.7), (record.Status, record.Current, record.RunId, record.Score));
    }

    [Fact]
    public async Task A_finding_of_an_earlier_run_keeps_its_status_and_one_no_longer_found_stops_being_current()
    {
        var viewed = Stored("item-1", InsightStatuses.Viewed, AsOf.AddDays(-3));
        var gone = Stored("item-2", InsightStatuses.New, AsOf.AddDays(-3));
        Existing(viewed, gone);

        await _service.StoreAsync(Run2, AsOf, InsightKinds.Dormant, [("item-1", 0.9, new { item_id = "item-1" })], default);

        Assert.Equal(2, _written.Count);
        var updated = _written.Single(r => r.Id == viewed.Id);
        Assert.Equal((InsightStatuses.Viewed, "run-2", 0.9, viewed.CreatedAt, true), (updated.Status, updated.RunId, updated.Score, updated.CreatedAt, updated.Current));
        Assert.False(_written.Single(r => r.Id == gone.Id).Current);
    }

    [Fact]
    public async Task A_dismissed_insight_stays_dismissed_within_the_cool_down_and_comes_back_as_new_after_it()
    {
        var recent = Stored("item-1", InsightStatuses.Dismissed, AsOf.AddDays(-10));
        var old = Stored("item-2", InsightStatuses.Dismissed, AsOf.AddDays(-40));
        Existing(recent, old);

        await _service.StoreAsync(Run2, AsOf, InsightKinds.Dormant, [("item-1", 0.5, new { a = 1 }), ("item-2", 0.5, new { a = 2 })], default);

        Assert.Equal(InsightStatuses.Dismissed, _written.Single(r => r.Id == recent.Id).Status);
        Assert.Equal(InsightStatuses.New, _written.Single(r => r.Id == old.Id).Status);
    }

    [Fact]
    public async Task Repeating_the_same_step_writes_nothing()
    {
        var same = Stored("item-1", InsightStatuses.New, AsOf) with { RunId = "run-2", Score = 0.5, PayloadJson = "{\"a\":1}" };
        Existing(same);

        await _service.StoreAsync(Run2, AsOf, InsightKinds.Dormant, [("item-1", 0.5, new { a = 1 })], default);

        _store.Verify(s => s.UpsertAsync(It.IsAny<string>(), It.IsAny<IReadOnlyList<InsightRecord>>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    private void Existing(params InsightRecord[] records) =>
        _store.Setup(s => s.ListAsync("u1", InsightKinds.Dormant, It.IsAny<CancellationToken>())).ReturnsAsync(records);

    private static InsightRecord Stored(string subject, string status, DateTimeOffset statusChangedAt) => new()
    {
        UserId = "u1",
        Id = InsightIds.For("u1", InsightKinds.Dormant, subject),
        Kind = InsightKinds.Dormant,
        Subject = subject,
        RunId = "run-1",
        Score = 0.4,
        Status = status,
        Current = true,
        PayloadJson = "{}",
        CreatedAt = AsOf.AddDays(-50),
        UpdatedAt = statusChangedAt,
        StatusChangedAt = statusChangedAt,
        ETag = "\"e\"",
    };
}
