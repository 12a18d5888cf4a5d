using Kmt.Core.Analytics;

namespace Kmt.Storage.Contracts;

/// <summary>
/// ILearningMetricsStore: hours per user, read by range oldest first, replaced by range; the day rows kept
/// in step with them and read for the whole days of a <see cref="LearningMetricsReadPlan"/>.
/// </summary>
public abstract class LearningMetricsStoreContract : StoreContract
{
    private ILearningMetricsStore Metrics => Stores.LearningMetrics;

    protected static readonly DateTimeOffset H0 = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public virtual async Task Every_field_round_trips_and_hours_come_back_oldest_first_within_the_range()
    {
        var hours = new[] { Hour(A, H0.AddHours(5), 2), Hour(A, H0, 1), Hour(A, H0.AddDays(1), 3) };
        hours[0] = hours[0] with
        {
            ItemsRead = 4,
            ItemsCompleted = 3,
            ReadingSeconds = 1234,
            WordsRead = 5678,
            CompletionSum = 351.5,
            Searches = 7,
            ContentTypes = new Dictionary<string, int> { ["article"] = 2, ["note"] = 1 },
            Sources = new Dictionary<string, int> { ["web"] = 3 },
            Tags = new Dictionary<string, int> { ["science/physics"] = 2, ["Ünïcode \"tag\""] = 1 },
        };
        await Metrics.ReplaceRangeAsync(A, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, hours, Ct);

        var all = await Metrics.ListAsync(A, H0, H0.AddDays(2), Ct);
        Assert.Equal([H0, H0.AddHours(5), H0.AddDays(1)], all.Select(h => h.Hour));
        AssertSame(hours[0], all[1]);

        var window = await Metrics.ListAsync(A, H0.AddHours(1), H0.AddDays(1), Ct); // end exclusive
        Assert.Equal([H0.AddHours(5)], window.Select(h => h.Hour));
    }

    [Fact]
    public virtual async Task Replacing_a_range_keeps_the_hours_outside_it_and_drops_the_ones_inside_that_are_not_given_again()
    {
        await Metrics.ReplaceRangeAsync(A, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, [Hour(A, H0, 1), Hour(A, H0.AddHours(30), 2), Hour(A, H0.AddHours(40), 3)], Ct);

        await Metrics.ReplaceRangeAsync(A, H0.AddHours(24), DateTimeOffset.MaxValue, [Hour(A, H0.AddHours(40), 9), Hour(A, H0.AddHours(41), 1)], Ct);

        var all = await Metrics.ListAsync(A, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, Ct);
        Assert.Equal([(H0, 1), (H0.AddHours(40), 9), (H0.AddHours(41), 1)], all.Select(h => (h.Hour, h.ItemsCaptured)));
    }

    [Fact]
    public virtual async Task Hours_are_per_user()
    {
        await Metrics.ReplaceRangeAsync(A, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, [Hour(A, H0, 1)], Ct);
        await Metrics.ReplaceRangeAsync(B, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, [Hour(B, H0, 2)], Ct);

        await Metrics.ReplaceRangeAsync(B, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, [], Ct);

        Assert.Equal(1, Assert.Single(await Metrics.ListAsync(A, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, Ct)).ItemsCaptured);
        Assert.Empty(await Metrics.ListAsync(B, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, Ct));
    }

    [Fact]
    public virtual async Task An_hour_outside_the_replaced_range_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Metrics.ReplaceRangeAsync(A, H0.AddHours(1), H0.AddHours(2), [Hour(A, H0, 1)], Ct));
        Assert.Empty(await Metrics.ListAsync(A, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, Ct));
    }

    [Fact]
    public virtual async Task The_activity_projection_has_a_bit_per_hour_with_a_capture_or_a_read_and_follows_every_replace()
    {
        var feb28 = new DateTimeOffset(2025, 2, 28, 0, 0, 0, TimeSpan.Zero);
        await Metrics.ReplaceRangeAsync(A, DateTimeOffset.MinValue, DateTimeOffset.MaxValue,
        [
            Hour(A, feb28.AddHours(23), 1),
            Hour(A, H0, 0) with { ItemsRead = 2 },
            Hour(A, H0.AddHours(5), 0) with { Searches = 4 }, // a search alone is not activity
            Hour(A, H0.AddHours(23), 1),
            Hour(A, H0.AddDays(1).AddHours(1), 1),
        ], Ct);

        Assert.Equal(
            [new LearningActivityDay(new DateOnly(2025, 2, 28), 1 << 23), new LearningActivityDay(new DateOnly(2025, 3, 1), 1 | (1 << 23)), new LearningActivityDay(new DateOnly(2025, 3, 2), 1 << 1)],
            await Metrics.ListActivityAsync(A, new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31), Ct));

        // A window from 1 March 12:00 on: hour 23 of 1 March and all of 2 March go; hour 0 of 1 March stays.
        await Metrics.ReplaceRangeAsync(A, H0.AddHours(12), DateTimeOffset.MaxValue, [Hour(A, H0.AddHours(13), 2)], Ct);

        Assert.Equal(
            [new LearningActivityDay(new DateOnly(2025, 2, 28), 1 << 23), new LearningActivityDay(new DateOnly(2025, 3, 1), 1 | (1 << 13))],
            await Metrics.ListActivityAsync(A, new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31), Ct));
        Assert.Empty(await Metrics.ListActivityAsync(B, new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31), Ct));

        await Metrics.ReplaceRangeAsync(A, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, [], Ct);
        Assert.Empty(await Metrics.ListActivityAsync(A, DateOnly.MinValue, DateOnly.MaxValue, Ct));
    }

    [Fact]
    public virtual async Task Activity_days_are_read_by_an_inclusive_range_of_utc_days_across_months_and_years()
    {
        DateOnly[] days = [new(2024, 12, 31), new(2025, 1, 1), new(2025, 1, 31), new(2025, 2, 1), new(2025, 3, 31)];
        await Metrics.ReplaceRangeAsync(A, DateTimeOffset.MinValue, DateTimeOffset.MaxValue,
            days.Select((d, i) => Hour(A, new DateTimeOffset(d.ToDateTime(new TimeOnly(i, 0)), TimeSpan.Zero), 1)).ToArray(), Ct);

        var read = await Metrics.ListActivityAsync(A, new DateOnly(2025, 1, 1), new DateOnly(2025, 2, 1), Ct);

        Assert.Equal([(days[1], 1 << 1), (days[2], 1 << 2), (days[3], 1 << 3)], read.Select(d => (d.Day, d.HourMask)));
        Assert.Equal(days, (await Metrics.ListActivityAsync(A, DateOnly.MinValue, DateOnly.MaxValue, Ct)).Select(d => d.Day));
    }

    [Fact]
    public virtual async Task Day_rows_are_the_fold_of_each_days_hours_and_are_rebuilt_by_every_replace()
    {
        // 0.1 + 0.2 has no short decimal form: it must come back bit for bit.
        var hours = new[]
        {
            Hour(A, H0.AddHours(1), 2) with { ItemsRead = 2, ReadingSeconds = 100, WordsRead = 400, CompletionSum = 0.1 + 0.2, Tags = new Dictionary<string, int> { ["x"] = 2 }, ContentTypes = new Dictionary<string, int> { ["note"] = 2 } },
            Hour(A, H0.AddHours(7), 1) with { ItemsRead = 1, ReadingSeconds = 50, CompletionSum = 100.0 / 3, Sources = new Dictionary<string, int> { ["web"] = 1 }, Tags = new Dictionary<string, int> { ["x"] = 1, ["y"] = 1 } },
            Hour(A, H0.AddHours(20), 0) with { Searches = 3 },
            Hour(A, H0.AddDays(1).AddHours(3), 4),
            Hour(A, H0.AddDays(2).AddHours(23), 1),
        };
        await Metrics.ReplaceRangeAsync(A, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, hours, Ct);
        var plan = WholeMarch();

        var read = await Metrics.ReadAsync(A, plan, Ct);

        Assert.Empty(read.Hours);
        AssertDays(LearningMetricsDays.FromHours(A, hours), read.Days);
        Assert.Equal([new LearningHourReads(1, 2, 0.1 + 0.2), new LearningHourReads(7, 1, 100.0 / 3)], read.Days[0].HourReads);
        Assert.Equal(100, read.Days[0].ReadingSecondsWithWords);

        // A window from 1 March 07:00 to 2 March 12:00: 1 March keeps hour 1, gets hour 8; 2 March loses hour 3.
        await Metrics.ReplaceRangeAsync(A, H0.AddHours(7), H0.AddDays(1).AddHours(12), [Hour(A, H0.AddHours(8), 5)], Ct);

        var after = await Metrics.ReadAsync(A, plan, Ct);
        AssertDays(LearningMetricsDays.FromHours(A, [hours[0], Hour(A, H0.AddHours(8), 5), hours[4]]), after.Days);
        Assert.Empty((await Metrics.ReadAsync(B, plan, Ct)).Days);
    }

    [Fact]
    public virtual async Task Reading_a_plan_gives_the_days_and_hour_ranges_it_names_and_the_report_of_the_hours_alone()
    {
        var random = new Random(5);
        var hours = new List<LearningMetricsHour>();
        for (var at = H0; at < H0.AddDays(45); at = at.AddHours(random.Next(2, 9)))
        {
            var read = random.Next(2);
            hours.Add(Hour(A, at, random.Next(0, 3)) with
            {
                ItemsRead = read,
                ReadingSeconds = read * 300,
                WordsRead = read * random.Next(0, 2) * 1000,
                CompletionSum = read * random.NextDouble() * 100,
                Searches = random.Next(2),
                Tags = new Dictionary<string, int> { ["t" + random.Next(4)] = 1 },
            });
        }

        await Metrics.ReplaceRangeAsync(A, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, hours, Ct);

        // A later window recomputed (as the hourly job does), keeping some of its hours and changing others.
        var windowFrom = H0.AddDays(30).AddHours(13);
        var window = hours.Where(h => h.Hour >= windowFrom).Select(h => h with { ItemsCaptured = h.ItemsCaptured + 1 }).Where((_, i) => i % 3 != 0).ToList();
        await Metrics.ReplaceRangeAsync(A, windowFrom, DateTimeOffset.MaxValue, window, Ct);
        hours = [.. hours.Where(h => h.Hour < windowFrom), .. window];

        var now = H0.AddDays(60);
        foreach (var (zone, granularity) in new[] { ("Europe/Paris", "week"), ("Asia/Kolkata", "month"), ("America/New_York", "week"), ("UTC", "day") })
        {
            var period = AnalyticsPeriod.Parse("2025-03-02", "2025-04-12", granularity, zone, null, now, 400);
            var plan = LearningMetricsReadPlan.For(period);

            var read = await Metrics.ReadAsync(A, plan, Ct);

            Assert.NotEmpty(plan.WholeDays);
            Assert.All(read.Days, d => Assert.True(plan.IsWholeDay(d.Day)));
            Assert.All(read.Hours, h => Assert.Contains(plan.HourRanges, r => h.Hour >= r.FromUtc && h.Hour < r.ToUtc));
            Assert.Equal(read.Hours.OrderBy(h => h.Hour).Select(h => h.Hour), read.Hours.Select(h => h.Hour));
            var expected = AnalyticsAggregator.Aggregate(period, hours.Where(h => h.Hour >= period.StartUtc && h.Hour < period.EndUtc).ToList(), []);
            Assert.Equal(Json(expected), Json(AnalyticsAggregator.Aggregate(plan, read, [])));
        }
    }

    /// <summary>1-31 March 2025 in UTC by month: every day whole, so every day row of the month is read.</summary>
    protected static LearningMetricsReadPlan WholeMarch() =>
        LearningMetricsReadPlan.For(AnalyticsPeriod.Parse("2025-03-01", "2025-03-31", "month", "UTC", null, H0.AddDays(60), 400));

    private static string Json(AnalyticsReport report) => System.Text.Json.JsonSerializer.Serialize(report with { Period = null! });

    private static void AssertDays(IReadOnlyList<LearningMetricsDay> expected, IReadOnlyList<LearningMetricsDay> actual)
    {
        Assert.Equal(expected.Select(d => d.Day), actual.Select(d => d.Day));
        foreach (var (e, a) in expected.Zip(actual))
        {
            Assert.Equal(e with { HourReads = a.HourReads, ContentTypes = a.ContentTypes, Sources = a.Sources, Tags = a.Tags }, a);
            Assert.Equal(e.HourReads, a.HourReads);
            Assert.Equal(e.ContentTypes.OrderBy(p => p.Key), a.ContentTypes.OrderBy(p => p.Key));
            Assert.Equal(e.Sources.OrderBy(p => p.Key), a.Sources.OrderBy(p => p.Key));
            Assert.Equal(e.Tags.OrderBy(p => p.Key), a.Tags.OrderBy(p => p.Key));
        }
    }

    private static LearningMetricsHour Hour(string user, DateTimeOffset hour, int captured) => new() { UserId = user, Hour = hour, ItemsCaptured = captured };

    private static void AssertSame(LearningMetricsHour expected, LearningMetricsHour actual)
    {
        Assert.Equal(expected with { ContentTypes = actual.ContentTypes, Sources = actual.Sources, Tags = actual.Tags }, actual);
        Assert.Equal(expected.ContentTypes.OrderBy(p => p.Key), actual.ContentTypes.OrderBy(p => p.Key));
        Assert.Equal(expected.Sources.OrderBy(p => p.Key), actual.Sources.OrderBy(p => p.Key));
        Assert.Equal(expected.Tags.OrderBy(p => p.Key), actual.Tags.OrderBy(p => p.Key));
    }
}
