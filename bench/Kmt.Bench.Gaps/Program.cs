using System.Globalization;
using Kmt.Core.Insights.Discovery;

// Usage: dotnet run -c Release -- [people=500] [topics=40] [seed=42]
// Knowledge gaps (bench/README.md, "Knowledge gaps"): every person's topics ranked by each scorer, against
// which topics turn out to be gaps in the 30 days after the as-of (few items held, demand of at least
// NEED events). Every scorer sees the same 8 weeks of weekly demand and the holdings.
var arguments = args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
var people = arguments.ElementAtOrDefault(0) is > 0 and var p ? p : 500;
var topicsPerPerson = arguments.ElementAtOrDefault(1) is > 0 and var t ? t : 40;
var seed = arguments.ElementAtOrDefault(2) is > 0 and var s ? s : 42;
const int FutureDays = 30;
const int Need = 4;
var options = new DiscoveryOptions();
var asOf = new DateTimeOffset(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);
var generator = new GapHistories(seed);
var histories = Enumerable.Range(0, people).Select(_ => generator.Person(topicsPerPerson, options.GapWeeks, FutureDays)).ToList();
bool Thin(GapTopic topic) => topic.Holdings <= options.ThinHoldings;
bool IsGap(GapTopic topic) => Thin(topic) && topic.Future >= Need;
double Urgency(GapTopic topic, double next) => Thin(topic) && next > 0 ? next / (next + topic.Holdings + 1) : 0;

const double HoltBeta = 0.3; // the trend smoothing of KMT's gap rule before this evaluation
var scorers = new (string Name, Func<GapTopic, double> Score)[]
{
    ("kmt (exp. smoothing, recent demand)", topic => Thin(topic) ? GapRules.Forecast(asOf, topic.Id, topic.Id, topic.Series, topic.Holdings, "", options)?.UrgencyScore ?? 0 : 0),
    ("kmt before (holt, rising only)", topic => Thin(topic) ? HoltRisingOnly(topic.Series, topic.Holdings, options.GapAlpha, HoltBeta) : 0),
    ("holt, no test", topic => Urgency(topic, HoltForecast.Fit(topic.Series, options.GapAlpha, HoltBeta).Forecast(1))),
    ("exp. smoothing, no test", topic => Urgency(topic, Ses(topic.Series, options.GapAlpha))),
    ("mean of the 8 weeks", topic => Urgency(topic, topic.Series.Average())),
    ("last week (naive)", topic => Urgency(topic, topic.Series[^1])),
    ("linear trend (least squares)", topic => Urgency(topic, LinearNext(topic.Series))),
    ("searched lately, few items held", topic => Thin(topic) ? topic.Series.TakeLast(2).Sum() / (topic.Holdings + 1) : 0),
    ("oracle (expected future demand)", topic => Urgency(topic, topic.ExpectedFuture)),
};

var topics = histories.Sum(h => h.Count);
var gaps = histories.Sum(h => h.Count(IsGap));
Console.WriteLine(F($"GENERATE people={people} topics={topics} thin={histories.Sum(h => h.Count(Thin))} gaps={gaps} (thin and >= {Need} events in {FutureDays} days) seed={seed}"));
Console.WriteLine("scorer                               NDCG@10  R@10    P@emitted  emitted/person");
foreach (var (name, score) in scorers)
{
    double ndcg = 0, recall = 0;
    int counted = 0, emitted = 0, emittedHits = 0;
    foreach (var person in histories)
    {
        var ranked = person.Select(topic => (Topic: topic, Score: score(topic))).OrderByDescending(x => x.Score).ThenBy(x => x.Topic.Id, StringComparer.Ordinal).ToList();
        var listed = ranked.Where(x => x.Score > 0).Take(options.MaxGaps).ToList();
        emitted += listed.Count;
        emittedHits += listed.Count(x => IsGap(x.Topic));
        var positives = person.Count(IsGap);
        if (positives == 0)
        {
            continue;
        }

        counted++;
        var dcg = listed.Select((x, k) => IsGap(x.Topic) ? 1 / Math.Log2(k + 2) : 0).Sum();
        var ideal = Enumerable.Range(0, Math.Min(options.MaxGaps, positives)).Sum(k => 1 / Math.Log2(k + 2));
        ndcg += dcg / ideal;
        recall += listed.Count(x => IsGap(x.Topic)) / (double)positives;
    }

    var precision = emitted == 0 ? 0 : emittedHits / (double)emitted;
    Console.WriteLine(F($"{name,-36} {ndcg / counted,7:0.0000} {recall / counted,7:0.0000} {precision,9:0.0000} {emitted / (double)people,10:0.00}"));
}

// Forecast error of next week's demand, over the thin topics with any demand: the forecasters on their own.
var thinActive = histories.SelectMany(h => h).Where(x => Thin(x) && x.Series.Sum() > 0).ToList();
var weekly = thinActive.Select(x => x.ExpectedFuture / (FutureDays / 7.0)).ToList();
Console.WriteLine(F($"MAE of the weekly forecast against the expected weekly demand of the next {FutureDays} days, {thinActive.Count} thin topics with demand:"));
foreach (var (name, forecast) in new (string, Func<double[], double>)[]
{
    ("holt (alpha 0.5, beta 0.3)", x => HoltForecast.Fit(x, options.GapAlpha, HoltBeta).Forecast(1)),
    ("exp. smoothing (alpha 0.5)", x => Ses(x, options.GapAlpha)),
    ("mean of the 8 weeks", x => x.Average()),
    ("last week (naive)", x => x[^1]),
    ("linear trend (least squares)", LinearNext),
})
{
    Console.WriteLine(F($"  {name,-32} {thinActive.Select((x, i) => Math.Abs(forecast(x.Series) - weekly[i])).Average():0.0000}"));
}

// KMT's gap rule before this evaluation: Holt's forecast, and only a topic whose demand rose.
static double HoltRisingOnly(double[] series, int holdings, double alpha, double beta)
{
    var fit = HoltForecast.Fit(series, alpha, beta);
    var next = fit.Forecast(1);
    var rising = fit.Trend > 0 || series.Skip(series.Length / 2).Sum() > series.Take(series.Length / 2).Sum();
    return series.Sum() < 2 || !rising || next <= 0 ? 0 : next / (next + holdings + 1);
}

static double Ses(double[] series, double alpha) => series.Skip(1).Aggregate(series[0], (level, x) => (alpha * x) + ((1 - alpha) * level));

static double LinearNext(double[] series)
{
    var n = series.Length;
    var meanX = (n - 1) / 2.0;
    var meanY = series.Average();
    var slope = Enumerable.Range(0, n).Sum(i => (i - meanX) * (series[i] - meanY)) / Enumerable.Range(0, n).Sum(i => (i - meanX) * (i - meanX));
    return Math.Max(0, meanY + (slope * (n - meanX)));
}

static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
