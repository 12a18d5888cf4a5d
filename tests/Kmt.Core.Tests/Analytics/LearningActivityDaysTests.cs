using System.Text.Json;
using Kmt.Core.Analytics;

namespace Kmt.Core.Tests.Analytics;

/// <summary>
/// The streak projection against the computation it replaced: reading a year of hours and grouping
/// the active ones into local days (docs/design/person-view.md, "Analytics").
/// </summary>
public sealed class LearningActivityDaysTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Far from UTC both ways, half and quarter hours, and DST on either hemisphere.
    private static readonly string[] Zones =
        ["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Kolkata", "Asia/Kathmandu", "America/St_Johns", "Europe/Paris", "Australia/Lord_Howe", "America/Santiago"];

    [Fact]
    public void A_replace_clears_the_hours_of_its_range_only_and_reports_days_that_became_empty()
    {
        var day = new DateOnly(2025, 3, 1);
        var existing = new[] { new LearningActivityDay(day, 0b1111), new LearningActivityDay(day.AddDays(1), 0b1) };
        var from = Start.AddYears(1).AddMonths(2).AddHours(2); // 1 March 2025 02:00 UTC

        var changed = LearningActivityDays.Replace(existing, from, from.AddDays(1), [Hour(from.AddHours(1), captured: 0, read: 0, searches: 3)]);

        // Hours 2 and 3 of 1 March are cleared (the searches-only hour is not activity); 2 March's hour 0 too.
        Assert.Equal([new LearningActivityDay(day, 0b0011), new LearningActivityDay(day.AddDays(1), 0)], changed);
    }

    [Fact]
    public void A_local_day_is_the_one_the_hour_starts_in_so_a_zone_fourteen_hours_ahead_moves_it_to_the_next_day()
    {
        // 10:00 UTC on 9 March is 00:00 on 10 March in Kiritimati (UTC+14) and 23:00 on 8 March in Pago Pago (UTC-11).
        var activity = LearningActivityDays.FromHours([Hour(new DateTimeOffset(2026, 3, 9, 10, 0, 0, TimeSpan.Zero), captured: 1)]);
        var now = new DateTimeOffset(2026, 3, 20, 0, 0, 0, TimeSpan.Zero);

        var kiritimati = AnalyticsPeriod.Parse("2026-03-01", "2026-03-15", null, "Pacific/Kiritimati", null, now, 100);
        var pagoPago = AnalyticsPeriod.Parse("2026-03-01", "2026-03-15", null, "Pacific/Pago_Pago", null, now, 100);

        Assert.Equal([new DateOnly(2026, 3, 10)], AnalyticsAggregator.ActiveLocalDays(kiritimati, activity));
        Assert.Equal([new DateOnly(2026, 3, 8)], AnalyticsAggregator.ActiveLocalDays(pagoPago, activity));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void The_stored_projection_gives_the_same_report_as_reading_a_year_of_hours(int seed)
    {
        var random = new Random(seed);
        var hours = new SortedDictionary<DateTimeOffset, LearningMetricsHour>();
        var projection = new Dictionary<DateOnly, int>();

        // Refreshes as the job makes them: a whole history, then windows replaced over and over,
        // each keeping or changing the hours inside it.
        for (var refresh = 0; refresh < 40; refresh++)
        {
            var whole = refresh == 0 || random.Next(10) == 0;
            var from = whole ? DateTimeOffset.MinValue : Start.AddHours(random.Next(0, 800 * 24));
            var to = whole || random.Next(3) == 0 ? DateTimeOffset.MaxValue : from.AddHours(random.Next(1, 60 * 24));
            var fresh = RandomHours(random, from, to);
            foreach (var key in hours.Keys.Where(h => h >= from && h < to).ToList())
            {
                hours.Remove(key);
            }

            foreach (var hour in fresh)
            {
                hours[hour.Hour] = hour;
            }

            var (first, last) = LearningActivityDays.DaySpan(from, to);
            var stored = projection.Where(d => d.Key >= first && d.Key <= last).Select(d => new LearningActivityDay(d.Key, d.Value));
            foreach (var day in LearningActivityDays.Replace(stored, from, to, fresh))
            {
                if (day.HourMask == 0)
                {
                    projection.Remove(day.Day);
                }
                else
                {
                    projection[day.Day] = day.HourMask;
                }
            }
        }

        Assert.Equal(
            LearningActivityDays.FromHours(hours.Values).Select(d => (d.Day, d.HourMask)),
            projection.OrderBy(d => d.Key).Select(d => (d.Key, d.Value)));

        var now = Start.AddDays(800);
        foreach (var zone in Zones)
        {
            for (var i = 0; i < 6; i++)
            {
                var to = DateOnly.FromDateTime(Start.UtcDateTime).AddDays(random.Next(0, 820));
                var from = to.AddDays(-random.Next(0, 120));
                var granularity = new[] { "day", "week", "month" }[random.Next(3)];
                var period = AnalyticsPeriod.Parse(Iso(from), Iso(to), granularity, zone, null, now, 400);

                var yearOfHours = Range(hours.Values, AnalyticsAggregator.ReadFromUtc(period), period.EndUtc);
                var (first, last) = AnalyticsAggregator.ActivityDaySpan(period);
                var activity = projection.Where(d => d.Key >= first && d.Key <= last).Select(d => new LearningActivityDay(d.Key, d.Value)).ToArray();

                var expected = OldStreaks(period, yearOfHours);
                var actual = AnalyticsAggregator.Aggregate(period, Range(hours.Values, period.StartUtc, period.EndUtc), activity);

                Assert.Equal(expected, actual.Streaks);
                Assert.Equal(Json(AnalyticsAggregator.Aggregate(period, yearOfHours)), Json(actual));
            }
        }
    }

    /// <summary>The streak as the route computed it before the projection: every active hour of the year read, grouped into local days.</summary>
    private static Streaks OldStreaks(AnalyticsPeriod period, IReadOnlyList<LearningMetricsHour> hours)
    {
        var activeDays = new SortedSet<DateOnly>();
        foreach (var hour in hours)
        {
            var day = period.LocalDay(hour.Hour);
            if (day <= period.To && (hour.ItemsCaptured > 0 || hour.ItemsRead > 0))
            {
                activeDays.Add(day);
            }
        }

        return AnalyticsAggregator.MeasureStreaks(activeDays, period.To);
    }

    private static List<LearningMetricsHour> RandomHours(Random random, DateTimeOffset from, DateTimeOffset to)
    {
        var list = new List<LearningMetricsHour>();
        var first = from < Start ? Start : from;
        var end = Start.AddDays(820);
        var last = to > end ? end : to;

        // Bursty: runs of active days with gaps, so streaks of many lengths appear.
        for (var at = first; at < last; at = at.AddHours(random.Next(1, random.Next(2) == 0 ? 30 : 200)))
        {
            var hour = LearningMetricsBuilder.HourOf(at);
            if (hour >= from && hour < to && list.All(h => h.Hour != hour))
            {
                list.Add(Hour(hour, captured: random.Next(3) == 0 ? random.Next(1, 4) : 0, read: random.Next(3) == 0 ? 1 : 0, searches: random.Next(3)));
            }
        }

        return list;
    }

    private static List<LearningMetricsHour> Range(IEnumerable<LearningMetricsHour> hours, DateTimeOffset from, DateTimeOffset to) =>
        hours.Where(h => h.Hour >= from && h.Hour < to).ToList();

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static string Json(AnalyticsReport report) => JsonSerializer.Serialize(report with { Period = null! });

    private static LearningMetricsHour Hour(DateTimeOffset hour, int captured, int read = 0, int searches = 0) => new()
    {
        UserId = "u",
        Hour = hour,
        ItemsCaptured = captured,
        ItemsRead = read,
        ReadingSeconds = read * 300,
        Searches = searches,
        Tags = captured > 0 ? new Dictionary<string, int> { [$"t{hour.Hour % 5}"] = captured } : new Dictionary<string, int>(),
    };
}
