using Kmt.Core.Insights;

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

        var result = new List<(ItemFeatures, float[])>(held.Count);
        for (var i = 0; i < held.Count; i++)
        {
            result.Add((held[i], Vector(held[i], accesses[i], asOf, i, byTag)));
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
