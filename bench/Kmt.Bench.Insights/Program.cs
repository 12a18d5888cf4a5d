using System.Diagnostics;
using System.Globalization;
using Kmt.Core.Insights;
using Kmt.Insights.Models;
using Kmt.Insights.Models.Tests;

// Usage: dotnet run -c Release -- [people=200] [items=1000] [evalPeople=50] [seed=42]
var arguments = args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
var people = arguments.ElementAtOrDefault(0) is > 0 and var p ? p : 200;
var items = arguments.ElementAtOrDefault(1) is > 0 and var i ? i : 1000;
var evalPeople = arguments.ElementAtOrDefault(2) is > 0 and var e ? e : 50;
var seed = arguments.ElementAtOrDefault(3) is > 0 and var s ? s : 42;
var asOf = new DateTimeOffset(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);
var window = TimeSpan.FromDays(30);

var clock = Stopwatch.StartNew();
var training = new SyntheticHistories(seed).People(people, items, asOf);
var unseen = new SyntheticHistories(seed + 1000).People(evalPeople, items, asOf, "unseen");
Console.WriteLine(F($"GENERATE people={people} items={items} eval_people={evalPeople} seed={seed} seconds={clock.Elapsed.TotalSeconds:0.0}"));

clock.Restart();
var result = new ImportanceModelEngine().Train(new ImportanceTrainingSet
{
    Version = "importance-bench",
    AsOf = asOf,
    Histories = training.Select(t => t.Snapshot).ToList(),
    TargetWindow = window,
});
var model = result.Model as ImportanceModel ?? throw new InvalidOperationException(result.NotTrainedReason);
Console.WriteLine(F($"TRAIN examples={result.Examples} positives={result.Positives} held_out_ece={result.HeldOutCalibrationError:0.0000} seconds={clock.Elapsed.TotalSeconds:0.0}"));

// Quality on people the model never saw: each person's items ranked by each scorer, against what they did next.
var scorers = new (string Name, Func<SyntheticPerson, IReadOnlyDictionary<string, double>> Score)[]
{
    ("model", person => model.Score(person.Snapshot, asOf, asOf + window).ToDictionary(x => x.ItemId, x => x.Score)),
    ("model_uncalibrated", person => ImportanceFeatureExtractor.Extract(person.Snapshot, asOf).Zip(model.Predict(ImportanceFeatureExtractor.Extract(person.Snapshot, asOf).Select(x => x.Features).ToList()))
        .ToDictionary(x => x.First.Item.ItemId, x => (double)x.Second.Probability)),
    // The ceiling: the generator's own chance of each item being opened, which no scorer can know.
    ("oracle_true_probability", person => person.FutureProbability),
    // The generator's chance with topic interest frozen at as-of: every latent item parameter known, the future phases not.
    ("oracle_as_of_interest", person => person.PresentProbability),
    ("prior", person => new PriorImportanceScorer(new InsightOptions()).Score(person.Snapshot, asOf, asOf + window).ToDictionary(x => x.ItemId, x => x.Score)),
    ("recency", person => person.Snapshot.ToDictionary(x => x.ItemId, x => -(asOf - LastAccess(x)).TotalDays)),
    ("frequency", person => person.Snapshot.ToDictionary(x => x.ItemId, x => (double)x.AccessTimes.Count)),
    ("recency_weighted_frequency", person => person.Snapshot.ToDictionary(x => x.ItemId, x => x.AccessTimes.Sum(t => Math.Exp(-(asOf - t).TotalDays / 30)))),
};
Console.WriteLine("scorer                        NDCG@10  P@10    R@10    AUC     ECE");
foreach (var (name, score) in scorers)
{
    double ndcg = 0, precision = 0, recall = 0, auc = 0;
    var calibration = new List<(double, bool)>();
    foreach (var person in unseen)
    {
        var scores = score(person);
        var ranked = scores.OrderByDescending(x => x.Value).ThenBy(x => x.Key, StringComparer.Ordinal).Select(x => person.OpenedAfter[x.Key]).ToList();
        var positives = ranked.Count(x => x);
        var dcg = ranked.Take(10).Select((hit, k) => hit ? 1 / Math.Log2(k + 2) : 0).Sum();
        var ideal = Enumerable.Range(0, Math.Min(10, positives)).Sum(k => 1 / Math.Log2(k + 2));
        ndcg += ideal == 0 ? 0 : dcg / ideal;
        precision += ranked.Take(10).Count(x => x) / 10.0;
        recall += positives == 0 ? 0 : ranked.Take(10).Count(x => x) / (double)positives;
        auc += Auc(scores.Select(x => (x.Value, person.OpenedAfter[x.Key])).ToList());
        calibration.AddRange(scores.Select(x => (x.Value, person.OpenedAfter[x.Key])));
    }

    var ece = name is "model" or "prior" or "model_uncalibrated" or "oracle_true_probability" or "oracle_as_of_interest" ? CalibrationError.Expected(calibration).ToString("0.0000", CultureInfo.InvariantCulture) : "n/a";
    Console.WriteLine(F($"{name,-28} {ndcg / unseen.Count,7:0.0000} {precision / unseen.Count,7:0.0000} {recall / unseen.Count,7:0.0000} {auc / unseen.Count,7:0.0000} {ece,7}"));
}

var baseRate = unseen.Average(u => u.OpenedAfter.Values.Count(x => x) / (double)u.OpenedAfter.Count);
Console.WriteLine(F($"BASE_RATE opened_within_30_days={baseRate:0.0000}"));

// Throughput: the scorer as the pipeline calls it (features, ML.NET, calibration, reasons) against
// raw ML.NET prediction over the same, precomputed feature vectors (the floor).
var snapshots = unseen.Select(u => u.Snapshot).ToList();
var totalItems = snapshots.Sum(x => x.Count);
foreach (var snapshot in snapshots.Take(2))
{
    model.Score(snapshot, asOf, asOf + window); // warm-up (JIT)
}

clock.Restart();
foreach (var snapshot in snapshots)
{
    model.Score(snapshot, asOf, asOf + window);
}

var scored = clock.Elapsed.TotalSeconds;
var vectors = snapshots.Select(x => ImportanceFeatureExtractor.Extract(x, asOf).Select(v => v.Features).ToList()).ToList();
clock.Restart();
foreach (var batch in vectors)
{
    model.Predict(batch);
}

var raw = clock.Elapsed.TotalSeconds;
Console.WriteLine(F($"THROUGHPUT items={totalItems} scorer_items_per_s={totalItems / scored:0} raw_mlnet_items_per_s={totalItems / raw:0} ratio={raw / scored:0.00} per_user_ms={scored * 1000 / snapshots.Count:0.0}"));

static DateTimeOffset LastAccess(ItemFeatures item) => item.AccessTimes.Count > 0 ? item.AccessTimes[^1] : item.CreatedAt;

static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

static double Auc(IReadOnlyList<(double Score, bool Label)> examples)
{
    // Rank-sum (Mann-Whitney) with tied scores sharing their mean rank.
    var sorted = examples.OrderBy(x => x.Score).ToList();
    double rankSum = 0;
    for (var k = 0; k < sorted.Count;)
    {
        var end = k;
        while (end + 1 < sorted.Count && sorted[end + 1].Score == sorted[k].Score)
        {
            end++;
        }

        var meanRank = ((k + end) / 2.0) + 1;
        rankSum += sorted.Skip(k).Take(end - k + 1).Count(x => x.Label) * meanRank;
        k = end + 1;
    }

    var positives = sorted.Count(x => x.Label);
    var negatives = sorted.Count - positives;
    return positives == 0 || negatives == 0 ? 0.5 : (rankSum - (positives * (positives + 1) / 2.0)) / (positives * (double)negatives);
}
