using Kmt.Core.Accounts;
using Kmt.Core.Activity;
using Kmt.Core.Common;
using Kmt.Core.Embeddings;
using Kmt.Core.Insights;
using Kmt.Core.Insights.Discovery;
using Kmt.Core.Knowledge;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Kmt.Core.Tests.Insights.Discovery;

public sealed class InsightServiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly AuthenticatedUser Caller = new("u1", "user", "f1");
    private readonly Mock<IInsightStore> _store = new(MockBehavior.Strict);
    private readonly InsightService _service;

    public InsightServiceTests()
    {
        var reader = new DiscoveryInputReader(
            Mock.Of<IKnowledgeStore>(), Mock.Of<IActivityStore>(), Mock.Of<IEmbeddingStore>(), Mock.Of<IInsightRunStore>(),
            Mock.Of<IEmbeddingGenerator<string, Embedding<float>>>(), Options.Create(new DiscoveryOptions()), Options.Create(new InsightOptions()));
        _service = new InsightService(_store.Object, reader, Options.Create(new DiscoveryOptions { MaxListed = 5 }), new FakeTimeProvider(Now));
    }

    [Fact]
    public async Task Only_current_undismissed_insights_are_listed_with_their_fields()
    {
        var payload = "{\"topic\":\"term:rust\",\"name\":\"Rust\",\"urgencyScore\":0.7,\"predictedNeedDate\":\"2026-06-03T00:00:00+00:00\",\"confidenceScore\":0.6,"
            + "\"recentDemand\":4,\"forecastWeeklyDemand\":2,\"holdings\":0,\"forecaster\":\"exponential-smoothing\",\"reasoning\":\"why\"}";
        _store.Setup(s => s.ListAsync("u1", InsightKinds.Gap, It.IsAny<CancellationToken>())).ReturnsAsync(
        [
            Record("a", InsightKinds.Gap, InsightStatuses.New) with { PayloadJson = payload },
            Record("b", InsightKinds.Gap, InsightStatuses.Dismissed) with { PayloadJson = payload },
            Record("c", InsightKinds.Gap, InsightStatuses.Viewed) with { PayloadJson = payload, Current = false },
        ]);

        var gaps = await _service.ListGapsAsync(Caller, null, default);

        var gap = Assert.Single(gaps);
        Assert.Equal((InsightIds.For("u1", InsightKinds.Gap, "a"), "Rust", 0.7, 0), (gap.Record.Id, gap.Payload.Name, gap.Payload.UrgencyScore, gap.Payload.Holdings));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("6")]
    [InlineData("ten")]
    public async Task A_limit_outside_one_to_the_maximum_is_a_validation_error(string limit)
    {
        var ex = await Assert.ThrowsAsync<ValidationException>(() => _service.ListDormantAsync(Caller, limit, default));
        Assert.Equal("limit", ex.Errors[0].Field);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("new")]
    [InlineData("done")]
    public async Task A_status_other_than_viewed_applied_or_dismissed_is_a_validation_error(string? status)
    {
        var ex = await Assert.ThrowsAsync<ValidationException>(() => _service.SetStatusAsync(Caller, InsightKinds.Dormant, "x", status, null, default));
        Assert.Equal("status", ex.Errors[0].Field);
    }

    [Fact]
    public async Task Another_persons_id_or_an_id_of_another_kind_is_not_found()
    {
        var gap = Record("g", InsightKinds.Gap, InsightStatuses.New);
        _store.Setup(s => s.GetAsync("u1", gap.Id, It.IsAny<CancellationToken>())).ReturnsAsync(gap);
        _store.Setup(s => s.GetAsync("u1", "someone-elses", It.IsAny<CancellationToken>())).ReturnsAsync((InsightRecord?)null);

        var other = await Assert.ThrowsAsync<KmtException>(() => _service.SetStatusAsync(Caller, InsightKinds.Dormant, "someone-elses", InsightStatuses.Viewed, null, default));
        var wrongKind = await Assert.ThrowsAsync<KmtException>(() => _service.SetStatusAsync(Caller, InsightKinds.Dormant, gap.Id, InsightStatuses.Viewed, null, default));

        Assert.Equal(ErrorCode.NotFound, other.Code);
        Assert.Equal(ErrorCode.NotFound, wrongKind.Code);
    }

    [Fact]
    public async Task A_status_change_is_conditional_on_the_stored_etag_and_a_stale_if_match_is_refused()
    {
        var record = Record("d", InsightKinds.Dormant, InsightStatuses.New);
        _store.Setup(s => s.GetAsync("u1", record.Id, It.IsAny<CancellationToken>())).ReturnsAsync(record);
        _store.Setup(s => s.ReplaceAsync(It.Is<InsightRecord>(r => r.Status == InsightStatuses.Applied && r.StatusChangedAt == Now), record.ETag, It.IsAny<CancellationToken>())).ReturnsAsync(true);

        var stale = await Assert.ThrowsAsync<KmtException>(() => _service.SetStatusAsync(Caller, InsightKinds.Dormant, record.Id, InsightStatuses.Applied, "\"old\"", default));
        var applied = await _service.SetStatusAsync(Caller, InsightKinds.Dormant, record.Id, InsightStatuses.Applied, record.ETag, default);

        Assert.Equal(ErrorCode.PreconditionFailed, stale.Code);
        Assert.Equal(InsightStatuses.Applied, applied.Status);
        Assert.NotEqual(record.ETag, applied.ETag);
    }

    [Fact]
    public async Task Dismiss_feedback_is_stored_as_a_label_and_dismisses_the_insight()
    {
        var record = Record("c", InsightKinds.Content, InsightStatuses.New);
        InsightFeedback? stored = null;
        _store.Setup(s => s.GetAsync("u1", record.Id, It.IsAny<CancellationToken>())).ReturnsAsync(record);
        _store.Setup(s => s.AddFeedbackAsync(It.IsAny<InsightFeedback>(), It.IsAny<CancellationToken>())).Callback<InsightFeedback, CancellationToken>((f, _) => stored = f).Returns(Task.CompletedTask);
        _store.Setup(s => s.ReplaceAsync(It.Is<InsightRecord>(r => r.Status == InsightStatuses.Dismissed), record.ETag, It.IsAny<CancellationToken>())).ReturnsAsync(true);

        await _service.AddFeedbackAsync(Caller, new FeedbackInput { InsightType = InsightKinds.Content, InsightId = record.Id, Feedback = FeedbackValues.Dismiss }, default);

        Assert.Equal(("u1", InsightKinds.Content, record.Id, FeedbackValues.Dismiss, Now), (stored!.UserId, stored.InsightType, stored.InsightId, stored.Feedback, stored.CreatedAt));
        _store.VerifyAll();
    }

    [Fact]
    public async Task Feedback_with_unknown_values_lists_every_bad_field()
    {
        var ex = await Assert.ThrowsAsync<ValidationException>(() => _service.AddFeedbackAsync(Caller, new FeedbackInput { InsightType = "prediction", Feedback = "meh" }, default));

        Assert.Equal(["insight_type", "insight_id", "feedback"], ex.Errors.Select(e => e.Field));
    }

    private static InsightRecord Record(string subject, string kind, string status) => new()
    {
        UserId = "u1",
        Id = InsightIds.For("u1", kind, subject),
        Kind = kind,
        Subject = subject,
        RunId = "run-1",
        Score = 0.5,
        Status = status,
        Current = true,
        PayloadJson = "{}",
        CreatedAt = Now.AddDays(-1),
        UpdatedAt = Now.AddDays(-1),
        StatusChangedAt = Now.AddDays(-1),
        ETag = "\"e1\"",
    };
}
