namespace Kmt.Core.Insights.Discovery;

/// <summary>
/// Knowledge gaps (docs/design/insights.md, "Insight pipeline"): topics in demand (searches that ask
/// about them plus reading sessions of their items, some of it in the latest half of the window),
/// forecast with simple exponential smoothing, while the person holds at most
/// <see cref="DiscoveryOptions.ThinHoldings"/> items of them. Steady demand counts as much as rising
/// demand: the gap evaluation measured a rising-only test losing a fifth of the real gaps.
/// urgency = next week's forecast / (forecast + holdings + 1); predicted_need_date = as-of + the
/// expected wait for the next demand at the forecast rate (at most 90 days); confidence falls with the
/// forecaster's one-step error and with few active weeks.
/// </summary>
public static class GapRules
{
    public const string Forecaster = "exponential-smoothing";

    /// <summary>Searches (and twice as many items) a gap names at most as its evidence.</summary>
    internal const int MaxNamed = 5;

    /// <summary>The topic's weekly demand over <paramref name="weeks"/> weeks before as-of, oldest first.</summary>
    public static double[] WeeklyDemand(Topic topic, DiscoveryInput input, int weeks)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(input);
        var series = new double[Math.Max(1, weeks)];
        void Count(DateTimeOffset at)
        {
            var age = (int)Math.Floor((input.AsOf - at).TotalDays / 7);
            if (at <= input.AsOf && age < series.Length)
            {
                series[series.Length - 1 - age]++;
            }
        }

        foreach (var search in input.Searches.Where(s => topic.Asks(s.Query)))
        {
            Count(search.At);
        }

        foreach (var access in input.Items.Where(topic.Holds).SelectMany(i => i.Accesses))
        {
            Count(access);
        }

        return series;
    }

    /// <summary>
    /// The gaps of the person's tags and searched terms and, when <paramref name="graph"/> is given, of
    /// the entities and communities of their knowledge graph (<see cref="GraphGapRules"/>); a searched
    /// term that resolves to an entity is that entity's topic, not a term of its own.
    /// </summary>
    public static IReadOnlyList<GapPayload> Find(DiscoveryInput input, DiscoveryOptions options, GapGraph? graph = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        var entityKeys = graph?.Entities.Values.SelectMany(e => e.Keys).ToHashSet(StringComparer.Ordinal) ?? [];
        var gaps = new List<GapPayload>();
        foreach (var topic in Topic.Of(input))
        {
            if (topic.Tag is null && entityKeys.Contains(Graph.EntityNames.Key(topic.Match)))
            {
                continue;
            }

            var holdings = input.Items.Count(topic.Holds);
            if (holdings > options.ThinHoldings)
            {
                continue;
            }

            var series = WeeklyDemand(topic, input, options.GapWeeks);
            var total = (int)series.Sum();
            var reasoning = $"Asked about {total} times in the last {series.Length} weeks ({series[^1]:0} in the latest), {Direction(series)}; you hold {holdings} item{(holdings == 1 ? "" : "s")} on it.";
            if (Forecast(input.AsOf, topic.Key, topic.Name, series, holdings, reasoning, options) is { } gap)
            {
                var from = input.AsOf.AddDays(-7 * series.Length);
                gaps.Add(gap with
                {
                    Searches = [.. input.Searches.Where(q => q.At > from && q.At <= input.AsOf && topic.Asks(q.Query)).OrderByDescending(q => q.At)
                        .Select(q => q.Query.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Take(MaxNamed)],
                    ItemIds = [.. input.Items.Where(i => topic.Holds(i) && i.Accesses.Any(a => a > from && a <= input.AsOf)).Select(i => i.Id).Order(StringComparer.Ordinal).Take(2 * MaxNamed)],
                });
            }
        }

        if (graph is not null)
        {
            gaps.AddRange(GraphGapRules.Find(input, graph, options));
        }

        return gaps.OrderByDescending(g => g.UrgencyScore).ThenBy(g => g.Topic, StringComparer.Ordinal).Take(Math.Max(0, options.MaxGaps)).ToList();
    }

    /// <summary>
    /// The gap of a topic with weekly demand <paramref name="series"/> (oldest first) and
    /// <paramref name="holdings"/> items, or null when its demand is under 2, has none in the latest half of
    /// the window, or is forecast at 0.
    /// </summary>
    public static GapPayload? Forecast(DateTimeOffset asOf, string topic, string name, IReadOnlyList<double> series, int holdings, string reasoning, DiscoveryOptions options)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(options);
        var total = series.Sum();
        var fit = ExponentialSmoothing.Fit(series, options.GapAlpha);
        var next = fit.Forecast;
        if (total < 2 || series.Skip(series.Count / 2).Sum() <= 0 || next <= 0)
        {
            return null;
        }

        var urgency = Math.Round(next / (next + holdings + 1), 4);
        var waitDays = Math.Min(90, 7 / next);
        var activeWeeks = series.Count(w => w > 0);
        var confidence = Math.Round(Math.Clamp((1 - (fit.MeanAbsoluteError / (series.Average() + 1))) * Math.Min(1, activeWeeks / 4.0), 0.05, 0.95), 4);
        return new GapPayload(topic, name, urgency, asOf.AddDays(Math.Round(waitDays, 2)), confidence, (int)Math.Round(total), Math.Round(next, 3), holdings, Forecaster, reasoning);
    }

    /// <summary>How the latest half of the window compares with the earlier half, in words.</summary>
    private static string Direction(IReadOnlyList<double> series)
    {
        var half = series.Count / 2;
        var (earlier, later) = (series.Take(half).Sum(), series.Skip(half).Sum());
        return later > earlier ? "rising" : later < earlier ? "easing" : "steady";
    }
}
