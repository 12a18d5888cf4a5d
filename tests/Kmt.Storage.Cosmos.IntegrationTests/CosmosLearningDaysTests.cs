using Kmt.Core.Analytics;

namespace Kmt.Storage.Cosmos.IntegrationTests;

/// <summary>
/// The Cosmos DB dialect of the learning day rows (docs/azure-layout.md, container insights): hours written
/// without a replace of the whole history may sit beside days with no "learningDay" document, so reads take
/// hours only until such a replace has built them all (docs/design/person-view.md, "Analytics").
/// </summary>
public sealed class CosmosLearningDaysTests(CosmosStoreFixture fixture) : IClassFixture<CosmosStoreFixture>
{
    private static readonly DateTimeOffset H0 = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Until_the_whole_history_is_rebuilt_a_plan_reads_every_hour_of_the_period_and_the_answer_is_the_same()
    {
        var stores = await fixture.CreateStoresAsync();
        var metrics = stores.LearningMetrics;
        var user = "user-" + Guid.NewGuid().ToString("N")[..12];
        var hours = Enumerable.Range(0, 40)
            .Select(i => new LearningMetricsHour { UserId = user, Hour = H0.AddHours(i * 7), ItemsCaptured = 1 + (i % 3), ItemsRead = i % 2, ReadingSeconds = (i % 2) * 120, CompletionSum = (i % 2) * (100.0 / 3) })
            .ToList();
        var period = AnalyticsPeriod.Parse("2025-03-01", "2025-03-31", "month", "UTC", null, H0.AddDays(60), 400);
        var plan = LearningMetricsReadPlan.For(period);
        var expected = AnalyticsAggregator.Aggregate(period, hours, []);

        // What the hourly job does first after an upgrade: a window, with the older hours left as they were.
        await metrics.ReplaceRangeAsync(user, H0.AddDays(5), DateTimeOffset.MaxValue, hours.Where(h => h.Hour >= H0.AddDays(5)).ToList(), default);
        await metrics.ReplaceRangeAsync(user, H0, H0.AddDays(5), hours.Where(h => h.Hour < H0.AddDays(5)).ToList(), default);

        var before = await metrics.ReadAsync(user, plan, default);
        Assert.Empty(before.Days);
        Assert.Equal(hours.Select(h => h.Hour), before.Hours.Select(h => h.Hour));
        Assert.Equal(Json(expected), Json(AnalyticsAggregator.Aggregate(plan, before, [])));

        // The 03:00 run replaces everything: from then on whole days come as day documents.
        await metrics.ReplaceRangeAsync(user, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, hours, default);

        var after = await metrics.ReadAsync(user, plan, default);
        Assert.Equal(hours.Select(h => LearningActivityDays.UtcDay(h.Hour)).Distinct(), after.Days.Select(d => d.Day));
        Assert.Empty(after.Hours);
        Assert.Equal(Json(expected), Json(AnalyticsAggregator.Aggregate(plan, after, [])));
    }

    private static string Json(AnalyticsReport report) => System.Text.Json.JsonSerializer.Serialize(report with { Period = null! });
}
