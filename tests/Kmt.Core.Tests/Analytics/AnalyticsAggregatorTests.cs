using Kmt.Core.Analytics;

namespace Kmt.Core.Tests.Analytics;

public sealed class AnalyticsAggregatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 31, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Hours_land_in_the_persons_local_days_so_the_same_data_buckets_differently_per_zone()
    {
        // 23:00 UTC on 9 March is 10 March in Tokyo (UTC+9) and still 9 March in New York.
        var hours = new[] { Hour(new DateTimeOffset(2026, 3, 9, 23, 0, 0, TimeSpan.Zero), captured: 2) };

        var tokyo = AnalyticsAggregator.Aggregate(AnalyticsPeriod.Parse("2026-03-09", "2026-03-10", null, "Asia/Tokyo", null, Now, 100), hours);
        var newYork = AnalyticsAggregator.Aggregate(AnalyticsPeriod.Parse("2026-03-09", "2026-03-10", null, "America/New_York", null, Now, 100), hours);

        Assert.Equal([0, 2], tokyo.Series.Select(p => p.ItemsCaptured));
        Assert.Equal([2, 0], newYork.Series.Select(p => p.ItemsCaptured));
    }

    [Fact]
    public void Totals_speed_completion_and_retention_are_weighted_by_what_was_read()
    {
        var period = AnalyticsPeriod.Parse("2026-03-01", "2026-03-07", "week", null, null, Now, 100);
        var hours = new[]
        {
            Hour(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero), read: 1, seconds: 600, words: 2000, completion: 100) with { Tags = Tags(("ml", 2)) },
            Hour(new DateTimeOffset(2026, 3, 7, 10, 0, 0, TimeSpan.Zero), read: 3, seconds: 1200, words: 0, completion: 150) with { Tags = Tags(("ml", 1), ("art", 4)) },
        };

        var report = AnalyticsAggregator.Aggregate(period, hours);

        Assert.Equal(4, report.Totals.ItemsRead);
        Assert.Equal(30, report.Totals.ReadingMinutes);
        Assert.Equal(200, report.Totals.ReadingSpeedWpm); // 2000 words over the 10 minutes that had a known speed
        Assert.Equal(62.5, report.Totals.AverageCompletion);
        var early = ForgettingCurve.Retrievability((period.EndUtc - hours[0].Hour).TotalDays);
        var late = ForgettingCurve.Retrievability((period.EndUtc - hours[1].Hour).TotalDays);
        Assert.Equal(Math.Round((early + (3 * late)) / 4, 3), report.Totals.Retention);
        Assert.Equal([new TagCount("art", 4), new TagCount("ml", 3)], report.Totals.Tags);
        Assert.Equal(2, report.Series.Count); // the weeks of 23 Feb and 2 March
    }

    [Fact]
    public void The_forgetting_curve_is_90_percent_at_one_stability_and_falls_with_time()
    {
        Assert.Equal(0.9, ForgettingCurve.Retrievability(ForgettingCurve.FirstReadingStabilityDays), 6);
        Assert.Equal(1, ForgettingCurve.Retrievability(0));
        Assert.True(ForgettingCurve.Retrievability(30) < ForgettingCurve.Retrievability(3));
    }

    [Fact]
    public void Streaks_count_days_in_a_row_and_the_current_one_survives_until_the_day_after()
    {
        DateOnly D(int day) => new(2026, 3, day);
        Assert.Equal(new Streaks(2, 3, D(10)), AnalyticsAggregator.MeasureStreaks([D(1), D(2), D(3), D(9), D(10)], D(11)));
        Assert.Equal(new Streaks(0, 3, D(10)), AnalyticsAggregator.MeasureStreaks([D(1), D(2), D(3), D(9), D(10)], D(12)));
        Assert.Equal(new Streaks(0, 0, null), AnalyticsAggregator.MeasureStreaks([], D(12)));
    }

    [Fact]
    public void Growing_and_fading_tags_compare_the_halves_of_the_period()
    {
        var period = AnalyticsPeriod.Parse("2026-03-01", "2026-03-10", null, null, null, Now, 100);
        var report = AnalyticsAggregator.Aggregate(period,
        [
            Hour(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero), captured: 1) with { Tags = Tags(("old", 5), ("steady", 1)) },
            Hour(new DateTimeOffset(2026, 3, 9, 0, 0, 0, TimeSpan.Zero), captured: 1) with { Tags = Tags(("new", 4), ("steady", 1), ("old", 1)) },
        ]);

        Assert.Equal([new TagTrend("new", 0, 4)], report.GrowingTags);
        Assert.Equal([new TagTrend("old", 5, 1)], report.FadingTags);
    }

    [Fact]
    public void The_csv_has_one_row_per_bucket_and_defuses_formulas_in_tags()
    {
        var period = AnalyticsPeriod.Parse("2026-03-01", "2026-03-02", null, null, null, Now, 100);
        var report = AnalyticsAggregator.Aggregate(period, [Hour(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero), captured: 1) with { Tags = Tags(("=cmd", 1)) }]);

        var lines = AnalyticsCsv.Write(report).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(AnalyticsCsv.Header, lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("2026-03-02,1,0,0,0,", lines[2], StringComparison.Ordinal);
        Assert.EndsWith(",\"'=cmd:1\"", lines[2], StringComparison.Ordinal);
    }

    private static LearningMetricsHour Hour(DateTimeOffset hour, int captured = 0, int read = 0, long seconds = 0, long words = 0, double completion = 0) => new()
    {
        UserId = "u",
        Hour = hour,
        ItemsCaptured = captured,
        ItemsRead = read,
        ReadingSeconds = seconds,
        WordsRead = words,
        CompletionSum = completion,
    };

    private static Dictionary<string, int> Tags(params (string Tag, int Count)[] tags) => tags.ToDictionary(t => t.Tag, t => t.Count);
}
