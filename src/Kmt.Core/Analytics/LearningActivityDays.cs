namespace Kmt.Core.Analytics;

/// <summary>
/// The rules of the <see cref="LearningActivityDay"/> projection, kept here once so both metrics stores
/// maintain it alike: which hour counts as active, and how a range replace changes the stored days.
/// </summary>
public static class LearningActivityDays
{
    /// <summary>An hour counts towards a streak when the person captured or read something in it.</summary>
    public static bool IsActive(LearningMetricsHour hour) => hour.ItemsCaptured > 0 || hour.ItemsRead > 0;

    /// <summary>The UTC day of an instant.</summary>
    public static DateOnly UtcDay(DateTimeOffset instant) => DateOnly.FromDateTime(instant.UtcDateTime);

    /// <summary>The UTC days a range of hours [<paramref name="fromUtc"/>, <paramref name="toUtc"/>) touches, first and last included.</summary>
    public static (DateOnly First, DateOnly Last) DaySpan(DateTimeOffset fromUtc, DateTimeOffset toUtc) =>
        (UtcDay(fromUtc), toUtc <= fromUtc ? UtcDay(fromUtc) : UtcDay(toUtc.AddTicks(-1)));

    /// <summary>The projection of a set of hours (days without an active hour are left out).</summary>
    public static IReadOnlyList<LearningActivityDay> FromHours(IEnumerable<LearningMetricsHour> hours) =>
        Replace([], DateTimeOffset.MinValue, DateTimeOffset.MaxValue, hours).Where(d => d.HourMask != 0).ToArray();

    /// <summary>
    /// What a range replace of hours does to the projection: <paramref name="existing"/> holds the stored
    /// days inside <see cref="DaySpan"/> of the range (others are ignored); the hours of the range are
    /// cleared and the active ones of <paramref name="hours"/> set. Returns every day whose mask changed,
    /// oldest first; a mask of 0 means the stored day is to be deleted.
    /// </summary>
    public static IReadOnlyList<LearningActivityDay> Replace(
        IEnumerable<LearningActivityDay> existing, DateTimeOffset fromUtc, DateTimeOffset toUtc, IEnumerable<LearningMetricsHour> hours)
    {
        var (first, last) = DaySpan(fromUtc, toUtc);
        var before = new Dictionary<DateOnly, int>();
        foreach (var day in existing)
        {
            if (day.Day >= first && day.Day <= last && day.HourMask != 0)
            {
                before[day.Day] = day.HourMask;
            }
        }

        var after = before.ToDictionary(d => d.Key, d => d.Value & ~RangeMask(d.Key, fromUtc, toUtc));
        foreach (var hour in hours)
        {
            if (hour.Hour >= fromUtc && hour.Hour < toUtc && IsActive(hour))
            {
                var day = UtcDay(hour.Hour);
                after[day] = after.GetValueOrDefault(day) | (1 << hour.Hour.UtcDateTime.Hour);
            }
        }

        return after
            .Where(d => d.Value != before.GetValueOrDefault(d.Key))
            .OrderBy(d => d.Key)
            .Select(d => new LearningActivityDay(d.Key, d.Value))
            .ToArray();
    }

    /// <summary>The bits of <paramref name="day"/> whose hour starts inside [<paramref name="fromUtc"/>, <paramref name="toUtc"/>).</summary>
    private static int RangeMask(DateOnly day, DateTimeOffset fromUtc, DateTimeOffset toUtc)
    {
        var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var mask = 0;
        for (var hour = 0; hour < 24; hour++)
        {
            var at = start.AddHours(hour);
            if (at >= fromUtc && at < toUtc)
            {
                mask |= 1 << hour;
            }
        }

        return mask;
    }
}
