using System.Globalization;
using System.Text.Json;
using Kmt.Core.Analytics;

namespace Kmt.Core.Tests.Analytics;

/// <summary>
/// The day/hour split of a period's read (docs/design/person-view.md, "Analytics") against reading every
/// hour: the report must be the same, to the last digit, in DST, half-hour and far-off zones and with
/// periods whose edges fall in the middle of a UTC day.
/// </summary>
public sealed class LearningMetricsReadPlanTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Start.AddDays(800);

    private static readonly string[] Zones =
        ["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Australia/Lord_Howe", "America/Santiago"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Day_rows_for_whole_days_and_hours_for_cut_days_give_the_report_of_the_hours_alone(int seed)
    {
        var random = new Random(seed);
        var hours = RandomHours(random);
        var days = LearningMetricsDays.FromHours("u", hours);
        var activity = LearningActivityDays.FromHours(hours);
        var wholeDaysRead = 0;
        foreach (var zone in Zones)
        {
            foreach (var granularity in new[] { "day", "week", "month" })
            {
                for (var i = 0; i < 4; i++)
                {
                    var to = DateOnly.FromDateTime(Start.UtcDateTime).AddDays(random.Next(10, 800));
                    var from = to.AddDays(-random.Next(0, i == 0 ? 730 : 120));
                    var period = AnalyticsPeriod.Parse(Iso(from), Iso(to), granularity, zone, null, Now, 800);
                    var plan = LearningMetricsReadPlan.For(period);
                    var read = Split(plan, days, hours);
                    wholeDaysRead += read.Days.Count;

                    var expected = AnalyticsAggregator.Aggregate(period, Range(hours, period.StartUtc, period.EndUtc), activity);
                    var actual = AnalyticsAggregator.Aggregate(plan, read, activity);

                    Assert.True(Json(expected) == Json(actual), $"{zone} {granularity} {from}..{to}");
                }
            }
        }

        Assert.True(wholeDaysRead > 1000, $"only {wholeDaysRead} day rows were used: the test would not test the day path");
    }

    [Theory]
    [InlineData("Europe/Paris")]
    [InlineData("America/New_York")]
    [InlineData("Asia/Kolkata")]
    [InlineData("UTC")]
    public void Every_hour_of_the_period_is_read_once_at_one_level(string zone)
    {
        foreach (var granularity in new[] { "day", "week", "month" })
        {
            var period = AnalyticsPeriod.Parse("2024-01-10", "2025-12-20", granularity, zone, null, Now, 800);
            var plan = LearningMetricsReadPlan.For(period);

            var fromDays = plan.WholeDays.SelectMany(d => Enumerable.Range(0, 24).Select(h => LearningMetricsDays.StartUtc(d).AddHours(h)));
            var fromRanges = plan.HourRanges.SelectMany(r => HoursIn(r.FromUtc, r.ToUtc));
            var all = fromDays.Concat(fromRanges).Order().ToList();

            Assert.Equal(HoursIn(period.StartUtc, period.EndUtc).ToList(), all);
            Assert.Equal(plan.HourRanges.OrderBy(r => r.FromUtc), plan.HourRanges);
        }
    }

    [Fact]
    public void By_week_in_Paris_only_the_utc_day_holding_local_monday_midnight_is_read_as_hours()
    {
        // 2025-03-31 (Monday, after the change to summer time on the 30th) to 2025-11-02 (Sunday, after the change back on 26 October).
        var period = AnalyticsPeriod.Parse("2025-03-31", "2025-11-02", "week", "Europe/Paris", null, Now, 800);

        var plan = LearningMetricsReadPlan.For(period);

        // Local Monday 00:00 is Sunday 22:00 UTC in summer and 23:00 in winter: the UTC Sundays are cut, and
        // the first and last UTC days (period edges at 22:00 and 23:00 UTC) too; the trend midpoint cuts one more.
        var cut = HoursIn(period.StartUtc, period.EndUtc).Select(LearningActivityDays.UtcDay).Distinct().Where(d => !plan.IsWholeDay(d)).ToList();
        Assert.All(cut.Skip(1).SkipLast(1), d => Assert.True(d.DayOfWeek == DayOfWeek.Sunday || d == MidpointUtcDay(period), $"{d} is cut"));
        Assert.Equal(new DateTimeOffset(2025, 3, 30, 22, 0, 0, TimeSpan.Zero), plan.HourRanges[0].FromUtc);
        Assert.Equal(new DateTimeOffset(2025, 11, 2, 23, 0, 0, TimeSpan.Zero), plan.HourRanges[^1].ToUtc);
        Assert.InRange(plan.WholeDays.Count, (31 * 6) - 2, (31 * 6) + 2);
    }

    [Fact]
    public void A_half_hour_zone_cuts_every_utc_day_by_day_and_starts_the_period_at_half_past()
    {
        var period = AnalyticsPeriod.Parse("2025-06-01", "2025-06-30", "day", "Asia/Kolkata", null, Now, 800);

        var plan = LearningMetricsReadPlan.For(period);

        Assert.Empty(plan.WholeDays);
        Assert.Equal([(new DateTimeOffset(2025, 5, 31, 18, 30, 0, TimeSpan.Zero), new DateTimeOffset(2025, 6, 30, 18, 30, 0, TimeSpan.Zero))], plan.HourRanges);

        // By month, the same days are whole except the two the edges cut.
        var monthly = LearningMetricsReadPlan.For(period with { Granularity = AnalyticsGranularity.Month });
        Assert.Equal(new DateOnly(2025, 6, 1), monthly.WholeDays[0]);
        Assert.DoesNotContain(new DateOnly(2025, 6, 15), monthly.WholeDays); // the trend halves meet on local 16 June, 15 June 18:30 UTC
        Assert.Equal(new DateOnly(2025, 6, 29), monthly.WholeDays[^1]);
    }

    [Fact]
    public void A_day_row_the_plan_reads_as_hours_is_refused()
    {
        var period = AnalyticsPeriod.Parse("2025-06-01", "2025-06-30", "day", "Europe/Paris", null, Now, 800);
        var hours = new[] { new LearningMetricsHour { UserId = "u", Hour = new DateTimeOffset(2025, 6, 10, 12, 0, 0, TimeSpan.Zero), ItemsCaptured = 1 } };

        Assert.Throws<ArgumentException>(() => AnalyticsAggregator.Aggregate(LearningMetricsReadPlan.For(period), new LearningMetricsRead(LearningMetricsDays.FromHours("u", hours), []), []));
    }

    [Fact]
    public void A_replace_rebuilds_each_touched_day_from_its_new_hours_and_its_stored_hours_outside_the_range()
    {
        var day = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var from = day.AddHours(10);
        var to = day.AddDays(1).AddHours(5);

        Assert.Equal([(day, from), (to, day.AddDays(2))], LearningMetricsDays.EdgeRanges(from, to));

        var edges = new[] { Hour(day.AddHours(2), 1, 1, 40.5), Hour(day.AddHours(12), 9, 9, 9), Hour(day.AddDays(1).AddHours(6), 2, 0, 0) };
        var fresh = new[] { Hour(day.AddHours(11), 3, 2, 150.25) };
        var rows = LearningMetricsDays.Replace("u", from, to, edges, fresh);

        // Hour 12 of day 1 is inside the range and not given again: it is gone.
        Assert.Equal([(new DateOnly(2025, 3, 1), 4), (new DateOnly(2025, 3, 2), 2)], rows.Select(r => (r.Day, r.ItemsCaptured)));
        Assert.Equal([new LearningHourReads(2, 1, 40.5), new LearningHourReads(11, 2, 150.25)], rows[0].HourReads);
        Assert.Equal((2 * 60) + (1 * 60), rows[0].ReadingSecondsWithWords);
    }

    /// <summary>What a store returns for the plan: the day rows of its whole days and the hours of its ranges.</summary>
    private static LearningMetricsRead Split(LearningMetricsReadPlan plan, IReadOnlyList<LearningMetricsDay> days, IReadOnlyList<LearningMetricsHour> hours) =>
        new(days.Where(d => plan.IsWholeDay(d.Day)).ToList(), plan.HourRanges.SelectMany(r => Range(hours, r.FromUtc, r.ToUtc)).ToList());

    private static DateOnly MidpointUtcDay(AnalyticsPeriod period) =>
        LearningActivityDays.UtcDay((period with { From = period.TrendMidpoint }).StartUtc);

    private static IEnumerable<DateTimeOffset> HoursIn(DateTimeOffset from, DateTimeOffset to)
    {
        // Hour starts inside [from, to): a range starting at half past begins with the next whole hour.
        var first = LearningMetricsBuilder.HourOf(from);
        for (var at = first < from ? first.AddHours(1) : first; at < to; at = at.AddHours(1))
        {
            yield return at;
        }
    }

    private static List<LearningMetricsHour> RandomHours(Random random)
    {
        var list = new List<LearningMetricsHour>();
        string[] tags = ["a", "b", "c", "d", "e", "f", "g"];
        for (var at = Start; at < Now; at = at.AddHours(random.Next(1, 8)))
        {
            var read = random.Next(3) == 0 ? random.Next(1, 4) : 0;
            var captured = random.Next(2) == 0 ? random.Next(1, 4) : 0;
            var seconds = read * random.Next(30, 1800);
            list.Add(new LearningMetricsHour
            {
                UserId = "u",
                Hour = at,
                ItemsCaptured = captured,
                ItemsRead = read,
                ItemsCompleted = read > 0 ? random.Next(0, read + 1) : 0,
                ReadingSeconds = seconds,
                WordsRead = read > 0 && random.Next(4) > 0 ? seconds * random.Next(100, 400) / 60 : 0,

                // Completions with many digits, so a sum added in another order would show.
                CompletionSum = Enumerable.Range(0, read).Sum(_ => random.NextDouble() * 100),
                Searches = random.Next(3),
                ContentTypes = captured > 0 ? new Dictionary<string, int> { [random.Next(2) == 0 ? "note" : "pdf"] = captured } : new Dictionary<string, int>(),
                Sources = captured > 0 ? new Dictionary<string, int> { [random.Next(2) == 0 ? "web" : "upload"] = captured } : new Dictionary<string, int>(),
                Tags = captured > 0 ? new Dictionary<string, int> { [tags[random.Next(tags.Length)]] = captured, [tags[random.Next(tags.Length)] + "/x"] = 1 } : new Dictionary<string, int>(),
            });
        }

        return list;
    }

    private static LearningMetricsHour Hour(DateTimeOffset hour, int captured, int read, double completion) => new()
    {
        UserId = "u",
        Hour = hour,
        ItemsCaptured = captured,
        ItemsRead = read,
        ReadingSeconds = read * 60,
        WordsRead = read * 200,
        CompletionSum = completion,
    };

    private static List<LearningMetricsHour> Range(IEnumerable<LearningMetricsHour> hours, DateTimeOffset from, DateTimeOffset to) =>
        hours.Where(h => h.Hour >= from && h.Hour < to).ToList();

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Json(AnalyticsReport report) => JsonSerializer.Serialize(report with { Period = null! });
}
