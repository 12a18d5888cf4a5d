namespace Kmt.Core.Notifications;

/// <summary>
/// A person's notification settings. Times are local to <see cref="TimeZone"/> (IANA). Quiet hours
/// (start inclusive, end exclusive; may wrap midnight) hold back push and digests, never the feed.
/// </summary>
public sealed record NotificationPreferences
{
    public required string UserId { get; init; }

    public bool InApp { get; init; } = true;

    public bool Email { get; init; } = true;

    public bool Push { get; init; }

    public string DigestFrequency { get; init; } = DigestFrequencies.Daily;

    /// <summary>Local time of day from which the digest of a day (or week) is due.</summary>
    public TimeOnly DigestTime { get; init; } = new(8, 0);

    /// <summary>The day a weekly digest is due.</summary>
    public DayOfWeek DigestDay { get; init; } = DayOfWeek.Monday;

    public string TimeZone { get; init; } = "Etc/UTC";

    public TimeOnly? QuietHoursStart { get; init; }

    public TimeOnly? QuietHoursEnd { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>Null until the person saved preferences (the defaults have none).</summary>
    public string? ETag { get; init; }

    public static NotificationPreferences Defaults(string userId) => new() { UserId = userId };

    /// <summary>Whether <paramref name="local"/> (in the person's zone) falls in their quiet hours.</summary>
    public bool IsQuiet(TimeOnly local) => (QuietHoursStart, QuietHoursEnd) switch
    {
        ({ } start, { } end) when start == end => false,
        ({ } start, { } end) when start < end => local >= start && local < end,
        ({ } start, { } end) => local >= start || local < end,
        _ => false,
    };
}
