namespace Kmt.Core.Notifications;

/// <summary>A person's local time from their IANA time zone (UTC when the zone is unknown here).</summary>
public static class NotificationClock
{
    public static bool IsIanaZone(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId;

    public static DateTimeOffset Local(DateTimeOffset utc, string timeZone) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone) ? TimeZoneInfo.ConvertTime(utc, zone) : utc.ToUniversalTime();

    public static TimeOnly LocalTime(DateTimeOffset utc, string timeZone) => TimeOnly.FromDateTime(Local(utc, timeZone).DateTime);
}
