using Kmt.Core.Insights;
using Xunit.Abstractions;

namespace Kmt.Insights.Models.Tests;

public sealed class ImportanceModelEngineTests : IClassFixture<TrainedModelFixture>
{
    private readonly TrainedModelFixture _fixture;
    private readonly ITestOutputHelper _output;

    public ImportanceModelEngineTests(TrainedModelFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [Fact]
    public void Trains_from_histories_and_reports_a_small_held_out_calibration_error()
    {
        var result = _fixture.Result;

        Assert.NotNull(result.Model);
        Assert.True(result.Examples > 5000, $"{result.Examples} examples");
        Assert.InRange(result.Positives, 1, result.Examples - 1);
        Assert.True(result.HeldOutCalibrationError < 0.05, $"held-out ECE {result.HeldOutCalibrationError}");
    }

    [Fact]
    public void Predictions_on_people_it_never_saw_are_calibrated_and_rank_better_than_recency()
    {
        var people = new SyntheticHistories(seed: 99).People(8, 300, TrainedModelFixture.AsOf, "unseen");
        var predicted = new List<(double Predicted, bool Label)>();
        double modelAuc = 0, recencyAuc = 0;
        foreach (var person in people)
        {
            var scores = _fixture.Model.Score(person.Snapshot, TrainedModelFixture.AsOf, TrainedModelFixture.AsOf.AddDays(30));
            predicted.AddRange(scores.Select(s => (s.Score, person.OpenedAfter[s.ItemId])));
            modelAuc += Auc(scores.Select(s => (s.Score, person.OpenedAfter[s.ItemId])).ToList());
            recencyAuc += Auc(person.Snapshot.Select(i => (-(TrainedModelFixture.AsOf - i.LastAccessedAt).TotalDays, person.OpenedAfter[i.ItemId])).ToList());
        }

        var ece = CalibrationError.Expected(predicted);
        _output.WriteLine($"unseen: ECE {ece:0.000}, AUC model {modelAuc / people.Count:0.000}, recency {recencyAuc / people.Count:0.000}, positives {predicted.Count(p => p.Label)}/{predicted.Count}; training {_fixture.Result.Examples} examples, held-out ECE {_fixture.Result.HeldOutCalibrationError}");
        Assert.True(ece < 0.05, $"ECE on unseen people {ece:0.000}");
        Assert.True(modelAuc > recencyAuc, $"AUC model {modelAuc / people.Count:0.000} vs recency {recencyAuc / people.Count:0.000}");
    }

    [Fact]
    public void An_item_opened_recently_and_often_scores_higher_than_the_same_item_left_alone()
    {
        var asOf = TrainedModelFixture.AsOf;
        var person = _fixture.Training[0].Snapshot;
        ItemFeatures Variant(string id, params double[] daysAgo) => new()
        {
            ItemId = id,
            CreatedAt = asOf.AddDays(-300),
            LastAccessedAt = daysAgo.Length == 0 ? asOf.AddDays(-300) : asOf.AddDays(-daysAgo.Min()),
            AccessCount = daysAgo.Length,
            WordCount = 800,
            Tags = ["topic-1"],
            AccessTimes = daysAgo.OrderByDescending(d => d).Select(d => asOf.AddDays(-d)).ToList(),
        };

        var items = person.Concat([Variant("busy", 2, 5, 9, 14, 20, 27), Variant("some", 60, 120), Variant("idle")]).ToList();
        var scores = _fixture.Model.Score(items, asOf, asOf.AddDays(30)).ToDictionary(s => s.ItemId);

        Assert.True(scores["busy"].Score > scores["some"].Score, $"busy {scores["busy"].Score} vs some {scores["some"].Score}");
        Assert.True(scores["some"].Score >= scores["idle"].Score, $"some {scores["some"].Score} ({scores["some"].Reasoning}) vs idle {scores["idle"].Score} ({scores["idle"].Reasoning})");
    }

    [Fact]
    public void Each_prediction_has_an_interval_around_it_a_target_date_and_reasons_in_words()
    {
        var asOf = TrainedModelFixture.AsOf;
        var scores = _fixture.Model.Score(_fixture.Training[1].Snapshot, asOf, asOf.AddDays(30));

        Assert.All(scores, s =>
        {
            Assert.InRange(s.Score, s.ConfidenceLow!.Value, s.ConfidenceHigh!.Value);
            Assert.Equal(asOf.AddDays(30), s.TargetDate);
            Assert.Equal("importance-test", s.Model);
            Assert.Matches("(raises|lowers) it", s.Reasoning);
        });
        Assert.True(scores.Select(s => s.Score).Distinct().Count() > 3, "the calibrated scores should spread over several steps");
    }

    [Fact]
    public void A_saved_model_loads_and_scores_the_same()
    {
        using var zip = new MemoryStream();
        Assert.True(_fixture.Model.Save(zip));
        zip.Position = 0;

        var loaded = new ImportanceModelEngine().Load(zip);

        var asOf = TrainedModelFixture.AsOf;
        var items = _fixture.Training[2].Snapshot;
        Assert.Equal("importance-test", loaded.Version);
        Assert.Equal(_fixture.Model.Score(items, asOf, asOf.AddDays(30)), loaded.Score(items, asOf, asOf.AddDays(30)));
    }

    [Fact]
    public void Too_little_history_trains_no_model_and_says_why()
    {
        var few = new SyntheticHistories(seed: 5).People(2, 20, TrainedModelFixture.AsOf);

        var result = new ImportanceModelEngine().Train(new ImportanceTrainingSet
        {
            Version = "importance-few",
            AsOf = TrainedModelFixture.AsOf,
            Histories = few.Select(p => p.Snapshot).ToList(),
            TargetWindow = TimeSpan.FromDays(30),
        });

        Assert.Null(result.Model);
        Assert.Contains("Not enough history", result.NotTrainedReason, StringComparison.Ordinal);
    }

    /// <summary>The probability that a random positive outranks a random negative (ties count half).</summary>
    internal static double Auc(IReadOnlyList<(double Score, bool Label)> examples)
    {
        var positives = examples.Where(e => e.Label).Select(e => e.Score).ToList();
        var negatives = examples.Where(e => !e.Label).Select(e => e.Score).ToList();
        if (positives.Count == 0 || negatives.Count == 0)
        {
            return 0.5;
        }

        double wins = 0;
        foreach (var p in positives)
        {
            foreach (var n in negatives)
            {
                wins += p > n ? 1 : p == n ? 0.5 : 0;
            }
        }

        return wins / (positives.Count * (double)negatives.Count);
    }
}
