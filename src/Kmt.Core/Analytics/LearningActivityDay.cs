namespace Kmt.Core.Analytics;

/// <summary>
/// The compact day-level projection of learning_metrics that streaks read (docs/design/person-view.md,
/// "Analytics"): one UTC day and a bit per UTC hour (bit h = hour h) in which the person captured or
/// read something. Hours, not local days, so every time zone regroups it into its own days exactly as
/// it regroups the hours themselves. Written by <see cref="ILearningMetricsStore.ReplaceRangeAsync"/>.
/// </summary>
public sealed record LearningActivityDay(DateOnly Day, int HourMask)
{
    /// <summary>The start of every active hour of the day, UTC, oldest first.</summary>
    public IEnumerable<DateTimeOffset> ActiveHours()
    {
        var start = new DateTimeOffset(Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        for (var hour = 0; hour < 24; hour++)
        {
            if ((HourMask & (1 << hour)) != 0)
            {
                yield return start.AddHours(hour);
            }
        }
    }
}
