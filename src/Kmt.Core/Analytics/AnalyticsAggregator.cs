namespace Kmt.Core.Analytics;

/// <summary>Turns stored UTC hours into the person's series, totals, streaks and trends for a period.</summary>
public static class AnalyticsAggregator
{
    /// <summary>How far before the period hours are read so a streak running into it is measured whole.</summary>
    public const int StreakLookBackDays = 366;

    private const int TagsPerBucket = 10;
    private const int TagTrends = 5;

    /// <summary>The first instant whose activity can still count towards the period's streaks.</summary>
    public static DateTimeOffset ReadFromUtc(AnalyticsPeriod period) =>
        (period with { From = period.From.AddDays(-StreakLookBackDays) }).StartUtc;

    /// <summary>The UTC days of <see cref="LearningActivityDay"/> that the period's streaks read.</summary>
    public static (DateOnly First, DateOnly Last) ActivityDaySpan(AnalyticsPeriod period) =>
        LearningActivityDays.DaySpan(ReadFromUtc(period), period.EndUtc);

    /// <summary>
    /// The report from <paramref name="hours"/> alone: they must reach back to <see cref="ReadFromUtc"/>
    /// for the streaks to be whole (the projection is derived from them).
    /// </summary>
    public static AnalyticsReport Aggregate(AnalyticsPeriod period, IReadOnlyList<LearningMetricsHour> hours) =>
        Aggregate(period, hours, LearningActivityDays.FromHours(hours));

    /// <summary>
    /// The report from the period's hours (<see cref="AnalyticsPeriod.StartUtc"/> to
    /// <see cref="AnalyticsPeriod.EndUtc"/>) and the activity projection over <see cref="ActivityDaySpan"/>,
    /// which is all the streaks need.
    /// </summary>
    public static AnalyticsReport Aggregate(AnalyticsPeriod period, IReadOnlyList<LearningMetricsHour> hours, IReadOnlyCollection<LearningActivityDay> activity) =>
        Aggregate(LearningMetricsReadPlan.HoursOnly(period), new LearningMetricsRead([], hours), activity);

    /// <summary>
    /// The report from what a store read for <paramref name="plan"/> (<see cref="LearningMetricsReadPlan.For"/> the period):
    /// day rows for whole UTC days and hours for the rest, or hours only. The answer is the one the hours
    /// alone give: a day row stands for hours that all land in one bucket and trend half, and it is added
    /// where its hours would be (rows are taken oldest first, so every floating-point sum adds in the
    /// same order, per hour where an hour matters).
    /// </summary>
    public static AnalyticsReport Aggregate(LearningMetricsReadPlan plan, LearningMetricsRead read, IReadOnlyCollection<LearningActivityDay> activity)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(read);
        var period = plan.Period;
        var buckets = period.Buckets().ToDictionary(b => b, _ => new Accumulator());
        var total = new Accumulator();
        var contentTypes = new Dictionary<string, int>(StringComparer.Ordinal);
        var sources = new Dictionary<string, int>(StringComparer.Ordinal);
        var midpoint = period.TrendMidpoint;
        var firstHalf = new Dictionary<string, int>(StringComparer.Ordinal);
        var secondHalf = new Dictionary<string, int>(StringComparer.Ordinal);
        var endUtc = period.EndUtc;
        var days = read.Days;
        var hours = read.Hours;

        for (int d = 0, h = 0; d < days.Count || h < hours.Count;)
        {
            if (d < days.Count && (h == hours.Count || days[d].StartUtc <= hours[h].Hour))
            {
                var row = days[d++];
                if (!plan.IsWholeDay(row.Day))
                {
                    throw new ArgumentException($"Day {row.Day:O} is not read as a whole day in this period.", nameof(read));
                }

                var localDay = period.LocalDay(row.StartUtc);
                buckets[period.BucketOf(localDay)].Add(row, endUtc);
                total.Add(row, endUtc);
                AddAll(contentTypes, row.ContentTypes);
                AddAll(sources, row.Sources);
                AddAll(localDay < midpoint ? firstHalf : secondHalf, row.Tags);
                continue;
            }

            var hour = hours[h++];
            var day = period.LocalDay(hour.Hour);
            if (day > period.To || day < period.From)
            {
                continue;
            }

            var retention = ForgettingCurve.Retrievability((endUtc - hour.Hour).TotalDays);
            buckets[period.BucketOf(day)].Add(hour, retention);
            total.Add(hour, retention);
            AddAll(contentTypes, hour.ContentTypes);
            AddAll(sources, hour.Sources);
            AddAll(day < midpoint ? firstHalf : secondHalf, hour.Tags);
        }

        var trends = firstHalf.Keys.Union(secondHalf.Keys)
            .Select(t => new TagTrend(t, firstHalf.GetValueOrDefault(t), secondHalf.GetValueOrDefault(t)))
            .ToArray();
        return new AnalyticsReport
        {
            Period = period,
            Series = buckets.OrderBy(b => b.Key).Select(b => b.Value.ToPoint(b.Key)).ToArray(),
            Totals = total.ToPoint(period.From),

            // Ordered by name so the answer does not depend on the order rows were stored or folded in.
            ContentTypes = ByName(contentTypes),
            Sources = ByName(sources),
            Streaks = MeasureStreaks(ActiveLocalDays(period, activity), period.To),
            GrowingTags = trends.Where(t => t.SecondHalf > t.FirstHalf).OrderByDescending(t => t.SecondHalf - t.FirstHalf).ThenBy(t => t.Tag, StringComparer.Ordinal).Take(TagTrends).ToArray(),
            FadingTags = trends.Where(t => t.SecondHalf < t.FirstHalf).OrderByDescending(t => t.FirstHalf - t.SecondHalf).ThenBy(t => t.Tag, StringComparer.Ordinal).Take(TagTrends).ToArray(),
        };
    }

    /// <summary>
    /// The person's local days (in the period's zone) with an active hour starting between
    /// <see cref="ReadFromUtc"/> and the end of the period: each UTC hour lands in the local day its
    /// start falls in, as the hours themselves do, so any offset (half hours, +14, DST) is exact.
    /// </summary>
    public static SortedSet<DateOnly> ActiveLocalDays(AnalyticsPeriod period, IEnumerable<LearningActivityDay> activity)
    {
        var fromUtc = ReadFromUtc(period);
        var endUtc = period.EndUtc;
        var days = new SortedSet<DateOnly>();
        foreach (var day in activity)
        {
            foreach (var hour in day.ActiveHours())
            {
                if (hour >= fromUtc && hour < endUtc && period.LocalDay(hour) is var local && local <= period.To)
                {
                    days.Add(local);
                }
            }
        }

        return days;
    }

    /// <summary>The current streak counts when the person was active on <paramref name="lastDay"/> or the day before (today is not over yet).</summary>
    public static Streaks MeasureStreaks(IReadOnlyCollection<DateOnly> activeDays, DateOnly lastDay)
    {
        int longest = 0, run = 0;
        DateOnly? previous = null;
        foreach (var day in activeDays.Order())
        {
            run = previous is { } p && p.AddDays(1) == day ? run + 1 : 1;
            longest = Math.Max(longest, run);
            previous = day;
        }

        var current = previous is { } last && last >= lastDay.AddDays(-1) ? run : 0;
        return new Streaks(current, longest, previous);
    }

    private static Dictionary<string, int> ByName(Dictionary<string, int> counts) =>
        counts.OrderBy(c => c.Key, StringComparer.Ordinal).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);

    private static void AddAll(Dictionary<string, int> into, IReadOnlyDictionary<string, int> counts)
    {
        foreach (var (key, count) in counts)
        {
            into[key] = into.GetValueOrDefault(key) + count;
        }
    }

    private sealed class Accumulator
    {
        private readonly Dictionary<string, int> _tags = new(StringComparer.Ordinal);
        private int _captured;
        private int _read;
        private int _completed;
        private long _seconds;
        private long _words;
        private long _secondsWithWords;
        private double _completionSum;
        private int _searches;
        private double _retentionSum;

        public void Add(LearningMetricsHour hour, double retention)
        {
            _captured += hour.ItemsCaptured;
            _read += hour.ItemsRead;
            _completed += hour.ItemsCompleted;
            _seconds += hour.ReadingSeconds;
            _words += hour.WordsRead;
            _secondsWithWords += hour.WordsRead > 0 ? hour.ReadingSeconds : 0;
            _completionSum += hour.CompletionSum;
            _searches += hour.Searches;
            _retentionSum += retention * hour.ItemsRead;
            AddAll(_tags, hour.Tags);
        }

        /// <summary>A whole day's row: its sums at once, its readings hour by hour as <see cref="Add(LearningMetricsHour, double)"/> would.</summary>
        public void Add(LearningMetricsDay day, DateTimeOffset endUtc)
        {
            _captured += day.ItemsCaptured;
            _read += day.ItemsRead;
            _completed += day.ItemsCompleted;
            _seconds += day.ReadingSeconds;
            _words += day.WordsRead;
            _secondsWithWords += day.ReadingSecondsWithWords;
            _searches += day.Searches;
            var start = day.StartUtc;
            foreach (var reads in day.HourReads)
            {
                var retention = ForgettingCurve.Retrievability((endUtc - start.AddHours(reads.Hour)).TotalDays);
                _completionSum += reads.CompletionSum;
                _retentionSum += retention * reads.Count;
            }

            AddAll(_tags, day.Tags);
        }

        public AnalyticsPoint ToPoint(DateOnly bucket) => new()
        {
            Bucket = bucket,
            ItemsCaptured = _captured,
            ItemsRead = _read,
            ItemsCompleted = _completed,
            ReadingMinutes = Math.Round(_seconds / 60.0, 1),
            ReadingSpeedWpm = _secondsWithWords > 0 ? (int)Math.Round(_words * 60.0 / _secondsWithWords) : null,
            AverageCompletion = _read > 0 ? Math.Round(_completionSum / _read, 1) : null,
            Searches = _searches,
            Retention = _read > 0 ? Math.Round(_retentionSum / _read, 3) : null,
            Tags = _tags.OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal).Take(TagsPerBucket).Select(t => new TagCount(t.Key, t.Value)).ToArray(),
        };
    }
}
