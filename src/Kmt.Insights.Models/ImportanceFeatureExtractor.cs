using Kmt.Core.Insights;
using Kmt.Core.Insights.Discovery;

namespace Kmt.Insights.Models;

/// <summary>
/// Turns one person's item snapshot into feature vectors as of an instant: only items created by then
/// and only accesses up to then count, so the same code gives the features at a past cut-off (for
/// training) and now (for scoring). Topic features come from the person's other items with the same tags.
/// </summary>
internal static class ImportanceFeatureExtractor
{
    private const double TrendRecentDays = 30;
    private const double TrendBaselineDays = 90;
    private const double MomentumDays = 14;
    private const double MomentumBaselineDays = 180;
    private const double ExpectedOpensDays = 30;
    private const double SharePrior = 5;
    private const double ShareRecentDays = 90;

    /// <summary>The items created by <paramref name="asOf"/> with their feature vectors, in input order.</summary>
    public static IReadOnlyList<(ItemFeatures Item, float[] Features)> Extract(IReadOnlyList<ItemFeatures> items, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(items);
        var held = items.Where(i => i.CreatedAt <= asOf).ToList();
        var accesses = held.Select(i => AccessesUpTo(i, asOf)).ToList();

        // Per tag: the items holding it, and accesses to them in the recent and the baseline window.
        var byTag = new Dictionary<string, (List<int> Items, int Recent, int Baseline)>(StringComparer.Ordinal);
        for (var i = 0; i < held.Count; i++)
        {
            var recent = accesses[i].Count(t => (asOf - t).TotalDays <= TrendRecentDays);
            var baseline = accesses[i].Count(t => (asOf - t).TotalDays is > TrendRecentDays and <= TrendRecentDays + TrendBaselineDays);
            foreach (var tag in held[i].Tags.Distinct(StringComparer.Ordinal))
            {
                var entry = byTag.TryGetValue(tag, out var e) ? e : ([], 0, 0);
                entry.Items.Add(i);
                byTag[tag] = (entry.Items, entry.Recent + recent, entry.Baseline + baseline);
            }
        }

        // Per tag: every access to its items, sorted, so "the topic's reading since t" is a binary search.
        var tagTimes = byTag.ToDictionary(
            t => t.Key,
            t => t.Value.Items.SelectMany(i => accesses[i]).Select(a => a.UtcTicks).Order().ToArray(),
            StringComparer.Ordinal);

        var bursts = tagTimes.ToDictionary(t => t.Key, t => BurstWeeks(t.Value, asOf), StringComparer.Ordinal);

        var result = new List<(ItemFeatures, float[])>(held.Count);
        for (var i = 0; i < held.Count; i++)
        {
            var v = Vector(held[i], accesses[i], asOf, i, byTag);
            TopicPace(v, held[i], accesses[i], asOf, tagTimes, byTag, bursts);
            result.Add((held[i], v));
        }

        return result;
    }

    /// <summary>Whether the item was opened in (<paramref name="cutOff"/>, <paramref name="cutOff"/> + <paramref name="window"/>].</summary>
    public static bool OpenedWithin(ItemFeatures item, DateTimeOffset cutOff, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(item);
        var end = cutOff + window;
        return item.AccessTimes.Any(t => t > cutOff && t <= end);
    }

    /// <summary>
    /// The topic's pace now and the item's part in it, from its tags' reading (the best tag for each):
    /// accesses this week, the last 14 days against the 180 before, days since any item of it was
    /// opened, the item's share of the topic's accesses since it was saved (smoothed), and that share times the
    /// topic's accesses of the last 14 days scaled to 30 days: the opens the item can expect if the
    /// topic keeps its pace and the item keeps its share. Also the item's FSRS retrievability.
    /// </summary>
    private static void TopicPace(float[] v, ItemFeatures item, List<DateTimeOffset> accesses, DateTimeOffset asOf, Dictionary<string, long[]> tagTimes, Dictionary<string, (List<int> Items, int Recent, int Baseline)> byTag, Dictionary<string, int> bursts)
    {
        double week = 0, momentum = 0, share = 0, expected = 0, shareRecent = 0, expectedRecent = 0;
        var (burst, busiest) = (0, -1);
        var sinceTopic = double.MaxValue;
        foreach (var tag in item.Tags.Distinct(StringComparer.Ordinal))
        {
            if (!tagTimes.TryGetValue(tag, out var times) || times.Length == 0)
            {
                continue;
            }

            var lastWeek = Since(times, asOf.AddDays(-7));
            var recent = Since(times, asOf.AddDays(-MomentumDays));
            var baseline = Since(times, asOf.AddDays(-MomentumDays - MomentumBaselineDays)) - recent;
            var sinceSaved = Since(times, item.CreatedAt);
            // Smoothed towards an even share among the topic's items (SharePrior pseudo-accesses), so a
            // share read off a few accesses is not taken at face value, and never-opened items still
            // differ by how much their topic was read without them.
            var even = 1.0 / Math.Max(1, byTag[tag].Items.Count);
            var itemShare = (accesses.Count + (SharePrior * even)) / (sinceSaved + SharePrior);
            // The same share over the last 90 days only: an item's pull fades with its age at its own pace.
            var recentFrom = asOf.AddDays(-ShareRecentDays) > item.CreatedAt ? asOf.AddDays(-ShareRecentDays) : item.CreatedAt;
            var recentShare = (accesses.Count(a => a >= recentFrom) + (SharePrior * even)) / (Since(times, recentFrom) + SharePrior);
            week = Math.Max(week, lastWeek);
            if (recent > busiest)
            {
                (burst, busiest) = (bursts[tag], recent);
            }

            momentum = Math.Max(momentum, (recent + 1) / ((baseline * MomentumDays / MomentumBaselineDays) + 1));
            share = Math.Max(share, itemShare);
            expected = Math.Max(expected, itemShare * recent * ExpectedOpensDays / MomentumDays);
            shareRecent = Math.Max(shareRecent, recentShare);
            expectedRecent = Math.Max(expectedRecent, recentShare * recent * ExpectedOpensDays / MomentumDays);
            sinceTopic = Math.Min(sinceTopic, (asOf.UtcTicks - times[^1]) / (double)TimeSpan.TicksPerDay);
        }

        v[ImportanceFeatures.TopicAccesses7Days] = (float)week;
        v[ImportanceFeatures.TopicBurstWeeks] = burst;
        v[ImportanceFeatures.TopicShare90Days] = (float)shareRecent;
        v[ImportanceFeatures.ExpectedOpensRecentShare] = (float)expectedRecent;
        v[ImportanceFeatures.TopicMomentum] = (float)(momentum == 0 ? 1 : momentum);
        v[ImportanceFeatures.DaysSinceTopicAccess] = sinceTopic == double.MaxValue ? -1 : (float)Math.Max(0, sinceTopic);
        v[ImportanceFeatures.TopicShare] = (float)share;
        v[ImportanceFeatures.ExpectedOpens] = (float)expected;
        v[ImportanceFeatures.Retrievability] = (float)Forgetting.Estimate(item.CreatedAt, accesses, asOf).Retrievability;
    }

    /// <summary>
    /// How many weeks, counting back from as-of, the topic has been read well above its usual weekly
    /// pace (more than twice the median week of the last year, plus 2): the age of its current burst of
    /// interest, 0 when none is going on. Bursts of interest run their course, so an old one is more
    /// likely to end within the window than a young one.
    /// </summary>
    private static int BurstWeeks(long[] ticks, DateTimeOffset asOf)
    {
        const int Weeks = 52;
        var weekly = new int[Weeks];
        for (var w = 0; w < Weeks; w++)
        {
            weekly[w] = Since(ticks, asOf.AddDays(-7 * (w + 1))) - Since(ticks, asOf.AddDays(-7 * w));
        }

        var sorted = weekly.Order().ToArray();
        var threshold = (2 * sorted[Weeks / 2]) + 2;
        var burst = 0;
        while (burst < Weeks && weekly[burst] > threshold)
        {
            burst++;
        }

        return burst;
    }

    /// <summary>How many of the sorted <paramref name="ticks"/> are at or after <paramref name="from"/>.</summary>
    private static int Since(long[] ticks, DateTimeOffset from)
    {
        var index = Array.BinarySearch(ticks, from.UtcTicks);
        if (index < 0)
        {
            index = ~index;
        }
        else
        {
            while (index > 0 && ticks[index - 1] == from.UtcTicks)
            {
                index--;
            }
        }

        return ticks.Length - index;
    }

    private static List<DateTimeOffset> AccessesUpTo(ItemFeatures item, DateTimeOffset asOf) =>
        item.AccessTimes.Where(t => t <= asOf && t >= item.CreatedAt).OrderBy(t => t).ToList();

    private static float[] Vector(ItemFeatures item, List<DateTimeOffset> accesses, DateTimeOffset asOf, int index, Dictionary<string, (List<int> Items, int Recent, int Baseline)> byTag)
    {
        var v = new float[ImportanceFeatures.Count];
        var last = accesses.Count > 0 ? accesses[^1] : item.CreatedAt;
        var sinceLast = Math.Max(0, (asOf - last).TotalDays);
        v[ImportanceFeatures.DaysSinceLastAccess] = (float)sinceLast;
        v[ImportanceFeatures.Accesses] = accesses.Count;
        v[ImportanceFeatures.Accesses30Days] = accesses.Count(t => (asOf - t).TotalDays <= 30);
        v[ImportanceFeatures.Accesses90Days] = accesses.Count(t => (asOf - t).TotalDays <= 90);
        // Each access counts e^(−days ago / 30): a smooth mix of recency and frequency no single count gives the trees.
        v[ImportanceFeatures.RecencyWeightedAccesses] = (float)accesses.Sum(t => Math.Exp(-(asOf - t).TotalDays / 30));
        v[ImportanceFeatures.AgeDays] = (float)Math.Max(0, (asOf - item.CreatedAt).TotalDays);
        v[ImportanceFeatures.WordCount] = item.WordCount;

        var tags = item.Tags.Distinct(StringComparer.Ordinal).Where(byTag.ContainsKey).ToList();
        double recent = 0, baseline = 0;
        var neighbours = new HashSet<int>();
        var expertise = 0;
        foreach (var tag in tags)
        {
            var (items, r, b) = byTag[tag];
            recent += r;
            baseline += b;
            expertise = Math.Max(expertise, items.Count - 1);
            neighbours.UnionWith(items);
        }

        neighbours.Remove(index);

        // Recent topic accesses per 30 days against the baseline's rate: > 1 when the topic is rising.
        v[ImportanceFeatures.TopicTrend] = tags.Count == 0 ? 1f : (float)((recent + 1) / ((baseline * TrendRecentDays / TrendBaselineDays) + 1));
        v[ImportanceFeatures.TopicExpertise] = expertise;
        v[ImportanceFeatures.CrossReferences] = neighbours.Count;

        if (accesses.Count >= 2)
        {
            v[ImportanceFeatures.WeekdayRegularity] = (float)accesses.GroupBy(t => t.UtcDateTime.DayOfWeek).Max(g => g.Count()) / accesses.Count;
            v[ImportanceFeatures.HourRegularity] = (float)accesses.GroupBy(t => t.UtcDateTime.Hour / 3).Max(g => g.Count()) / accesses.Count;
            var meanInterval = Math.Max(1.0 / 24, (accesses[^1] - accesses[0]).TotalDays / (accesses.Count - 1));
            v[ImportanceFeatures.MeanIntervalDays] = (float)meanInterval;
            v[ImportanceFeatures.OverdueRatio] = (float)(sinceLast / meanInterval);
        }
        else
        {
            v[ImportanceFeatures.MeanIntervalDays] = -1;
            v[ImportanceFeatures.OverdueRatio] = -1;
        }

        return v;
    }
}
