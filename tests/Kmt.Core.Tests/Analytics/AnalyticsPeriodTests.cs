using Kmt.Core.Analytics;
using Kmt.Core.Common;

namespace Kmt.Core.Tests.Analytics;

public sealed class AnalyticsPeriodTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 23, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Without_a_period_it_is_the_last_30_days_up_to_today_in_the_zone()
    {
        var utc = AnalyticsPeriod.Parse(null, null, null, null, null, Now, 1000);
        Assert.Equal((new DateOnly(2026, 2, 9), new DateOnly(2026, 3, 10), "UTC"), (utc.From, utc.To, utc.Zone.Id));

        // 23:30 UTC is already 11 March in Tokyo.
        var tokyo = AnalyticsPeriod.Parse(null, null, "week", "Asia/Tokyo", null, Now, 1000);
        Assert.Equal((new DateOnly(2026, 3, 11), AnalyticsGranularity.Week), (tokyo.To, tokyo.Granularity));
    }

    [Fact]
    public void The_persons_preferred_zone_applies_when_the_query_names_none_and_a_bad_preference_falls_back_to_UTC()
    {
        Assert.Equal("Europe/Paris", AnalyticsPeriod.Parse(null, null, null, null, "Europe/Paris", Now, 1000).Zone.Id);
        Assert.Equal("America/New_York", AnalyticsPeriod.Parse(null, null, null, "America/New_York", "Europe/Paris", Now, 1000).Zone.Id);
        Assert.Equal("UTC", AnalyticsPeriod.Parse(null, null, null, null, "Mars/Olympus", Now, 1000).Zone.Id);
    }

    [Theory]
    [InlineData("2026-03-10", "2026-03-01", null, null, "from")]
    [InlineData("2026-03-01", "2026-03-10", "year", null, "granularity")]
    [InlineData("2026-03-01", "2026-03-10", null, "Mars/Olympus", "tz")]
    [InlineData("03/01/2026", "2026-03-10", null, null, "from")]
    [InlineData("2024-01-01", "2026-03-10", null, null, "to")]
    public void Bad_periods_are_validation_errors_naming_the_field(string from, string to, string? granularity, string? tz, string field)
    {
        var error = Assert.Throws<ValidationException>(() => AnalyticsPeriod.Parse(from, to, granularity, tz, null, Now, 400));
        Assert.Contains(error.Errors, e => e.Field == field);
    }

    [Fact]
    public void Local_midnights_follow_the_zone_and_its_daylight_saving_change()
    {
        // Paris moves to summer time on 29 March 2026: that day is 23 hours long.
        var period = AnalyticsPeriod.Parse("2026-03-29", "2026-03-29", null, "Europe/Paris", null, Now, 1000);
        Assert.Equal(new DateTimeOffset(2026, 3, 28, 23, 0, 0, TimeSpan.Zero), period.StartUtc);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 22, 0, 0, TimeSpan.Zero), period.EndUtc);
        Assert.Equal(new DateOnly(2026, 3, 29), period.LocalDay(new DateTimeOffset(2026, 3, 28, 23, 30, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Weeks_start_on_monday_and_months_on_the_first_and_partial_buckets_are_kept()
    {
        var weeks = AnalyticsPeriod.Parse("2026-03-04", "2026-03-17", "week", null, null, Now, 1000);
        Assert.Equal([new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 9), new DateOnly(2026, 3, 16)], weeks.Buckets());

        var months = AnalyticsPeriod.Parse("2026-01-31", "2026-03-01", "month", null, null, Now, 1000);
        Assert.Equal([new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 1), new DateOnly(2026, 3, 1)], months.Buckets());
    }
}
