using Kmt.Core.Notifications;

namespace Kmt.Core.Tests.Notifications;

/// <summary>When a digest is due (its period key in the person's local time) and what quiet hours hold back.</summary>
public sealed class DigestScheduleTests
{
    private static readonly NotificationPreferences Daily = NotificationPreferences.Defaults("u") with { DigestTime = new TimeOnly(8, 0) };

    [Fact]
    public void A_daily_digest_is_due_from_the_digest_time_of_each_local_day()
    {
        Assert.Null(NotificationDigestService.PeriodKey(Daily, Local(2025, 1, 31, 7, 59)));
        Assert.Equal("digest:daily:2025-01-31", NotificationDigestService.PeriodKey(Daily, Local(2025, 1, 31, 8, 0)));
        Assert.Equal("digest:daily:2025-01-31", NotificationDigestService.PeriodKey(Daily, Local(2025, 1, 31, 23, 59)));
        Assert.Null(NotificationDigestService.PeriodKey(Daily with { DigestFrequency = DigestFrequencies.Off }, Local(2025, 1, 31, 9, 0)));
    }

    [Fact]
    public void A_weekly_digest_period_starts_at_the_digest_time_of_the_digest_day()
    {
        var weekly = Daily with { DigestFrequency = DigestFrequencies.Weekly, DigestDay = DayOfWeek.Friday };

        // 2025-01-31 is a Friday.
        Assert.Equal("digest:weekly:2025-01-24", NotificationDigestService.PeriodKey(weekly, Local(2025, 1, 31, 7, 0)));
        Assert.Equal("digest:weekly:2025-01-31", NotificationDigestService.PeriodKey(weekly, Local(2025, 1, 31, 8, 0)));
        Assert.Equal("digest:weekly:2025-01-31", NotificationDigestService.PeriodKey(weekly, Local(2025, 2, 6, 23, 0)));
    }

    [Fact]
    public void Quiet_hours_may_wrap_midnight()
    {
        var night = Daily with { QuietHoursStart = new TimeOnly(22, 0), QuietHoursEnd = new TimeOnly(7, 0) };
        var lunch = Daily with { QuietHoursStart = new TimeOnly(12, 0), QuietHoursEnd = new TimeOnly(13, 0) };

        Assert.True(night.IsQuiet(new TimeOnly(23, 30)));
        Assert.True(night.IsQuiet(new TimeOnly(6, 59)));
        Assert.False(night.IsQuiet(new TimeOnly(7, 0)));
        Assert.True(lunch.IsQuiet(new TimeOnly(12, 30)));
        Assert.False(lunch.IsQuiet(new TimeOnly(13, 0)));
        Assert.False(Daily.IsQuiet(new TimeOnly(3, 0)));
    }

    [Fact]
    public void Local_time_follows_the_persons_iana_zone()
    {
        var utc = new DateTimeOffset(2025, 7, 1, 6, 30, 0, TimeSpan.Zero);

        Assert.Equal(new TimeOnly(8, 30), NotificationClock.LocalTime(utc, "Europe/Berlin"));
        Assert.True(NotificationClock.IsIanaZone("America/New_York"));
        Assert.False(NotificationClock.IsIanaZone("Mars/Olympus_Mons"));
    }

    private static DateTimeOffset Local(int y, int m, int d, int h, int min) => new(y, m, d, h, min, 0, TimeSpan.Zero);
}
