using Kmt.Core.Insights;
using Kmt.Core.Insights.Discovery;
using Kmt.Core.Realtime;
using Microsoft.Extensions.Options;
using Moq;

namespace Kmt.Core.Tests.Insights;

public sealed class InsightAnnouncerTests
{
    private static readonly DateTimeOffset RunStart = new(2026, 12, 3, 2, 0, 0, TimeSpan.Zero);
    private readonly List<RealtimeMessage> _sent = [];
    private readonly Mock<IInsightRunStore> _runs = new();
    private readonly Mock<IInsightStore> _insights = new();
    private readonly InsightAnnouncer _announcer;

    public InsightAnnouncerTests()
    {
        var publisher = new Mock<IRealtimePublisher>();
        publisher.Setup(p => p.PublishAsync("u1", It.IsAny<RealtimeMessage>(), It.IsAny<CancellationToken>()))
            .Callback<string, RealtimeMessage, CancellationToken>((_, m, _) => _sent.Add(m))
            .Returns(Task.CompletedTask);
        _insights.Setup(s => s.ListAsync("u1", It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        var realtime = new RealtimeEvents(publisher.Object, Mock.Of<IRealtimeNegotiator>(), Options.Create(new RealtimeOptions()), TimeProvider.System);
        _announcer = new InsightAnnouncer(_runs.Object, _insights.Object, realtime);
    }

    private static InsightRun Run(int? scored) => new()
    {
        UserId = "u1", RunId = "r2", Trigger = InsightTriggers.Refresh, Status = InsightRunStatuses.Completed,
        AsOf = RunStart, CreatedAt = RunStart, UpdatedAt = RunStart.AddMinutes(1), ScoredCount = scored,
    };

    private static InsightRecord Record(string id, string runId, DateTimeOffset created, double score) => new()
    {
        UserId = "u1", Id = id, Kind = InsightKinds.Dormant, Subject = "item-" + id, RunId = runId, Score = score, Status = "new",
        Current = true, PayloadJson = "{}", CreatedAt = created, UpdatedAt = RunStart.AddSeconds(30), StatusChangedAt = created, ETag = "e",
    };

    [Fact]
    public async Task A_run_announces_its_top_scores_and_only_the_insights_it_created()
    {
        _runs.Setup(r => r.ListImportanceAsync("u1", "r2", InsightAnnouncer.TopScores, It.IsAny<CancellationToken>()))
            .ReturnsAsync([new ImportanceScore { ItemId = "i1", Score = 0.81234, Model = "m", Reasoning = "r" }]);
        _insights.Setup(s => s.ListAsync("u1", InsightKinds.Dormant, It.IsAny<CancellationToken>())).ReturnsAsync(
        [
            Record("new-low", "r2", RunStart.AddSeconds(20), 0.4),
            Record("new-high", "r2", RunStart.AddSeconds(20), 0.9),
            Record("updated-again", "r2", RunStart.AddDays(-3), 0.95), // created by an earlier run
            Record("from-earlier-run", "r1", RunStart.AddDays(-1), 0.99),
        ]);

        await _announcer.AnnounceAsync(Run(scored: 12), CancellationToken.None);

        var prediction = Assert.IsType<InsightAnnouncer.PredictionUpdateData>(_sent[0].Data);
        Assert.Equal(RealtimeChannels.PredictionUpdate, _sent[0].Type);
        Assert.Equal(12, prediction.ScoredCount);
        Assert.Equal(0.8123, Assert.Single(prediction.Top).Score);
        var insights = _sent.Skip(1).Select(m => Assert.IsType<InsightAnnouncer.NewInsightData>(m.Data)).ToList();
        Assert.All(_sent.Skip(1), m => Assert.Equal(RealtimeChannels.NewInsight, m.Type));
        Assert.Equal(["new-high", "new-low"], insights.Select(i => i.Id));
    }

    [Fact]
    public async Task A_run_that_scored_nothing_sends_no_prediction_update()
    {
        await _announcer.AnnounceAsync(Run(scored: null), CancellationToken.None);

        Assert.Empty(_sent);
        _runs.Verify(r => r.ListImportanceAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<int>(), It.IsAny<CancellationToken>()), Times.Never);
    }
}
