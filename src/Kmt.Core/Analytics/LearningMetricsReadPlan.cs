namespace Kmt.Core.Analytics;

/// <summary>
/// Which stored rows a period reads, the rule both metrics stores follow (docs/design/person-view.md,
/// "Analytics"): the <see cref="LearningMetricsDay"/> row of every UTC day whose 24 hours all land in
/// one local bucket and one trend half of the period, and the <see cref="LearningMetricsHour"/> rows of
/// the other days (those a local day, week or month boundary, the trend's midpoint or the period's
/// edges cut), within <see cref="StartUtc"/>..<see cref="EndUtc"/>. Every hour of the period is then
/// read exactly once, at one level or the other.
/// </summary>
public sealed class LearningMetricsReadPlan
{
    private readonly HashSet<DateOnly> _wholeDays;

    private LearningMetricsReadPlan(AnalyticsPeriod period, IReadOnlyList<DateOnly> wholeDays, IReadOnlyList<(DateTimeOffset FromUtc, DateTimeOffset ToUtc)> hourRanges)
    {
        Period = period;
        StartUtc = period.StartUtc;
        EndUtc = period.EndUtc;
        WholeDays = wholeDays;
        HourRanges = hourRanges;
        _wholeDays = [.. wholeDays];
    }

    /// <summary>The period the plan reads for.</summary>
    public AnalyticsPeriod Period { get; }

    /// <summary>The period's first instant (<see cref="AnalyticsPeriod.StartUtc"/>).</summary>
    public DateTimeOffset StartUtc { get; }

    /// <summary>The period's exclusive end (<see cref="AnalyticsPeriod.EndUtc"/>).</summary>
    public DateTimeOffset EndUtc { get; }

    /// <summary>The UTC days read as day rows, oldest first.</summary>
    public IReadOnlyList<DateOnly> WholeDays { get; }

    /// <summary>The ranges of hours read as hour rows: disjoint, oldest first, each [FromUtc, ToUtc).</summary>
    public IReadOnlyList<(DateTimeOffset FromUtc, DateTimeOffset ToUtc)> HourRanges { get; }

    /// <summary>Whether <paramref name="utcDay"/> is read as a day row.</summary>
    public bool IsWholeDay(DateOnly utcDay) => _wholeDays.Contains(utcDay);

    /// <summary>The plan that reads every hour of the period as an hour row (what the routes read before day rows existed).</summary>
    public static LearningMetricsReadPlan HoursOnly(AnalyticsPeriod period)
    {
        ArgumentNullException.ThrowIfNull(period);
        return new LearningMetricsReadPlan(period, [], period.EndUtc > period.StartUtc ? [(period.StartUtc, period.EndUtc)] : []);
    }

    /// <summary>The plan of a period.</summary>
    public static LearningMetricsReadPlan For(AnalyticsPeriod period)
    {
        ArgumentNullException.ThrowIfNull(period);
        var start = period.StartUtc;
        var end = period.EndUtc;
        var whole = new List<DateOnly>();
        var ranges = new List<(DateTimeOffset FromUtc, DateTimeOffset ToUtc)>();
        if (end <= start)
        {
            return new LearningMetricsReadPlan(period, whole, ranges);
        }

        var (first, last) = LearningActivityDays.DaySpan(start, end);
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            var dayStart = LearningMetricsDays.StartUtc(day);
            var dayEnd = LearningMetricsDays.EndUtc(day);
            if (dayStart >= start && dayEnd <= end && InOneSlot(period, dayStart))
            {
                whole.Add(day);
                continue;
            }

            var from = dayStart > start ? dayStart : start;
            var to = dayEnd < end ? dayEnd : end;
            if (ranges.Count > 0 && ranges[^1].ToUtc == from)
            {
                ranges[^1] = (ranges[^1].FromUtc, to);
            }
            else
            {
                ranges.Add((from, to));
            }
        }

        return new LearningMetricsReadPlan(period, whole, ranges);
    }

    /// <summary>
    /// Whether every hour of the UTC day starting at <paramref name="dayStart"/> lands in the same bucket and
    /// trend half, inside the period. Each hour is looked at (each lands in the local day its start falls
    /// in, as the aggregator places hours): half-hour offsets and DST changes need no special case.
    /// </summary>
    private static bool InOneSlot(AnalyticsPeriod period, DateTimeOffset dayStart)
    {
        var midpoint = period.TrendMidpoint;
        var firstDay = period.LocalDay(dayStart);
        var bucket = period.BucketOf(firstDay);
        var firstHalf = firstDay < midpoint;
        for (var hour = 0; hour < 24; hour++)
        {
            var local = hour == 0 ? firstDay : period.LocalDay(dayStart.AddHours(hour));
            if (local < period.From || local > period.To || period.BucketOf(local) != bucket || (local < midpoint) != firstHalf)
            {
                return false;
            }
        }

        return true;
    }
}
