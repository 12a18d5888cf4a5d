namespace Kmt.Core.Analytics;

/// <summary>
/// The rules of the <see cref="LearningMetricsDay"/> rows, kept here once so both metrics stores keep
/// them alike: a day row is the fold of every stored hour of its UTC day, and a range replace of hours
/// rebuilds the rows of every day the range touches (docs/design/person-view.md, "Analytics").
/// </summary>
public static class LearningMetricsDays
{
    /// <summary>The first instant of a UTC day.</summary>
    public static DateTimeOffset StartUtc(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>The first instant after a UTC day (the end of time for the last day there is).</summary>
    public static DateTimeOffset EndUtc(DateOnly day) => day == DateOnly.MaxValue ? DateTimeOffset.MaxValue : StartUtc(day.AddDays(1));

    /// <summary>
    /// The hours outside [<paramref name="fromUtc"/>, <paramref name="toUtc"/>) that share a UTC day with it:
    /// a replace reads the stored hours of these ranges, since the touched days' rows are rebuilt from all
    /// of their hours (the range's new ones and these).
    /// </summary>
    public static IReadOnlyList<(DateTimeOffset FromUtc, DateTimeOffset ToUtc)> EdgeRanges(DateTimeOffset fromUtc, DateTimeOffset toUtc)
    {
        var (first, last) = LearningActivityDays.DaySpan(fromUtc, toUtc);
        var ranges = new List<(DateTimeOffset, DateTimeOffset)>(2);
        if (StartUtc(first) < fromUtc)
        {
            ranges.Add((StartUtc(first), fromUtc));
        }

        var tail = toUtc > fromUtc ? toUtc : fromUtc; // an empty range keeps its whole day
        if (tail < EndUtc(last))
        {
            ranges.Add((tail, EndUtc(last)));
        }

        return ranges;
    }

    /// <summary>
    /// The day rows after a replace of [<paramref name="fromUtc"/>, <paramref name="toUtc"/>): one per UTC day
    /// of <see cref="LearningActivityDays.DaySpan"/> that has an hour, folded from the range's new
    /// <paramref name="hours"/> and the stored <paramref name="edgeHours"/> (those of <see cref="EdgeRanges"/>;
    /// hours elsewhere are ignored). Every stored day row of the span is replaced by these; a day of the
    /// span left out has no hour any more and its row is deleted.
    /// </summary>
    public static IReadOnlyList<LearningMetricsDay> Replace(
        string userId, DateTimeOffset fromUtc, DateTimeOffset toUtc, IEnumerable<LearningMetricsHour> edgeHours, IEnumerable<LearningMetricsHour> hours)
    {
        var (first, last) = LearningActivityDays.DaySpan(fromUtc, toUtc);
        var kept = edgeHours.Where(h => (h.Hour < fromUtc || h.Hour >= toUtc) && LearningActivityDays.UtcDay(h.Hour) is var d && d >= first && d <= last);
        var fresh = hours.Where(h => h.Hour >= fromUtc && h.Hour < toUtc);
        return FromHours(userId, kept.Concat(fresh));
    }

    /// <summary>One row per UTC day that has an hour among <paramref name="hours"/>, oldest first.</summary>
    public static IReadOnlyList<LearningMetricsDay> FromHours(string userId, IEnumerable<LearningMetricsHour> hours) =>
        hours
            .GroupBy(h => LearningActivityDays.UtcDay(h.Hour))
            .OrderBy(g => g.Key)
            .Select(g => Fold(userId, g.Key, g.OrderBy(h => h.Hour)))
            .ToArray();

    private static LearningMetricsDay Fold(string userId, DateOnly day, IEnumerable<LearningMetricsHour> hours)
    {
        int captured = 0, read = 0, completed = 0, searches = 0;
        long seconds = 0, words = 0, secondsWithWords = 0;
        var reads = new List<LearningHourReads>();
        var types = new Dictionary<string, int>(StringComparer.Ordinal);
        var sources = new Dictionary<string, int>(StringComparer.Ordinal);
        var tags = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var hour in hours)
        {
            captured += hour.ItemsCaptured;
            read += hour.ItemsRead;
            completed += hour.ItemsCompleted;
            seconds += hour.ReadingSeconds;
            words += hour.WordsRead;
            secondsWithWords += hour.WordsRead > 0 ? hour.ReadingSeconds : 0;
            searches += hour.Searches;

            // An hour without a reading adds 0 to the completion and retention sums: leaving it out changes no bit.
            if (hour.ItemsRead != 0 || hour.CompletionSum != 0)
            {
                reads.Add(new LearningHourReads(hour.Hour.UtcDateTime.Hour, hour.ItemsRead, hour.CompletionSum));
            }

            AddAll(types, hour.ContentTypes);
            AddAll(sources, hour.Sources);
            AddAll(tags, hour.Tags);
        }

        return new LearningMetricsDay
        {
            UserId = userId,
            Day = day,
            ItemsCaptured = captured,
            ItemsRead = read,
            ItemsCompleted = completed,
            ReadingSeconds = seconds,
            WordsRead = words,
            ReadingSecondsWithWords = secondsWithWords,
            Searches = searches,
            HourReads = reads,
            ContentTypes = types,
            Sources = sources,
            Tags = tags,
        };
    }

    private static void AddAll(Dictionary<string, int> into, IReadOnlyDictionary<string, int> counts)
    {
        foreach (var (key, count) in counts)
        {
            into[key] = into.GetValueOrDefault(key) + count;
        }
    }
}
