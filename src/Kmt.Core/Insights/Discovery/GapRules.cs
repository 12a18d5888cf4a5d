namespace Kmt.Core.Insights.Discovery;

/// <summary>
/// Knowledge gaps (docs/architecture.md, "Insight pipeline"): topics whose weekly demand (searches
/// that ask about them plus reading sessions of their items) rises, forecast with Holt's linear
/// smoothing, while the person holds at most <see cref="DiscoveryOptions.ThinHoldings"/> items of them.
/// urgency = next week's forecast / (forecast + holdings + 1); predicted_need_date = as-of + the
/// expected wait for the next demand at the forecast rate (at most 90 days); confidence falls with the
/// forecaster's one-step error and with few active weeks.
/// </summary>
public static class GapRules
{
    public const string Forecaster = "holt-linear";

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

    public static IReadOnlyList<GapPayload> Find(DiscoveryInput input, DiscoveryOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        var gaps = new List<GapPayload>();
        foreach (var topic in Topic.Of(input))
        {
            var holdings = input.Items.Count(topic.Holds);
            if (holdings > options.ThinHoldings)
            {
                continue;
            }

            var series = WeeklyDemand(topic, input, options.GapWeeks);
            var total = (int)series.Sum();
            var fit = HoltForecast.Fit(series, options.GapAlpha, options.GapBeta);
            var next = fit.Forecast(1);
            var half = series.Length / 2;
            var rising = fit.Trend > 0 || series.Skip(half).Sum() > series.Take(half).Sum();
            if (total < 2 || !rising || next <= 0)
            {
                continue;
            }

            var urgency = Math.Round(next / (next + holdings + 1), 4);
            var waitDays = Math.Min(90, 7 / next);
            var activeWeeks = series.Count(w => w > 0);
            var confidence = Math.Round(Math.Clamp((1 - (fit.MeanAbsoluteError / (series.Average() + 1))) * Math.Min(1, activeWeeks / 4.0), 0.05, 0.95), 4);
            var reasoning = $"Asked about {total} times in the last {series.Length} weeks ({series[^1]:0} in the latest), rising; you hold {holdings} item{(holdings == 1 ? "" : "s")} on it.";
            gaps.Add(new GapPayload(topic.Key, topic.Name, urgency, input.AsOf.AddDays(Math.Round(waitDays, 2)), confidence, total, Math.Round(next, 3), holdings, Forecaster, reasoning));
        }

        return gaps.OrderByDescending(g => g.UrgencyScore).ThenBy(g => g.Topic, StringComparer.Ordinal).Take(Math.Max(0, options.MaxGaps)).ToList();
    }
}
