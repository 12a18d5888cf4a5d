using Kmt.Core.Insights;
using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;

namespace Kmt.Insights.Models;

/// <summary>
/// Trains the importance model from people's own histories (docs/design/insights.md, "Insight pipeline"):
/// for each cut-off AsOf − k·window, the features as of the cut-off and the label "opened again
/// within the window after it". People are split 60/20/20 into training, calibration and evaluation
/// (by person, so one person's items never sit on both sides); FastTree learns on the first, isotonic
/// calibration is fitted on the second and its error measured on the third.
/// </summary>
public sealed class ImportanceModelEngine : IImportanceModelEngine
{
    private const int MinPerLabel = 20;

    public ImportanceTrainingResult Train(ImportanceTrainingSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var parts = new List<(float[] Features, bool Label)>[3] { [], [], [] };
        var random = new Random(set.Seed);
        var byPerson = set.Histories.Count >= 10;
        for (var person = 0; person < set.Histories.Count; person++)
        {
            for (var k = 1; k <= Math.Max(1, set.CutOffs); k++)
            {
                var cutOff = set.AsOf - (k * set.TargetWindow);
                foreach (var (item, features) in ImportanceFeatureExtractor.Extract(set.Histories[person], cutOff))
                {
                    parts[byPerson ? PartOf(person) : PartOf(random.Next(5))].Add((features, ImportanceFeatureExtractor.OpenedWithin(item, cutOff, set.TargetWindow)));
                }
            }
        }

        var all = parts.Sum(p => p.Count);
        var positives = parts.Sum(p => p.Count(e => e.Label));
        if (all < set.MinExamples || positives < MinPerLabel || all - positives < MinPerLabel || parts.Any(p => p.Count == 0))
        {
            return new ImportanceTrainingResult(null, all, positives, null, $"Not enough history: {all} examples ({positives} opened again) from {set.Histories.Count} people; at least {set.MinExamples} with {MinPerLabel} of each outcome are needed.");
        }

        var model = Fit(set.Version, set.Seed, parts[0], parts[1]);
        var evaluation = model.Predict(parts[2].Select(e => e.Features).ToList());
        var ece = CalibrationError.Expected(parts[2].Select((e, i) => (model.Calibration.Apply(evaluation[i].Probability).Value, e.Label)).ToList());
        return new ImportanceTrainingResult(model, all, positives, Math.Round(ece, 4), null);
    }

    public IImportanceScorer Load(Stream content) => ImportanceModel.Load(content);

    internal static ImportanceModel Fit(string version, int seed, IReadOnlyList<(float[] Features, bool Label)> train, IReadOnlyList<(float[] Features, bool Label)> calibrate)
    {
        var ml = new MLContext(seed);
        var data = ml.Data.LoadFromEnumerable(train.Select(e => new ImportanceRow { Features = e.Features, Label = e.Label }));
        var trainer = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            NumberOfLeaves = 16,
            NumberOfTrees = 100,
            MinimumExampleCountPerLeaf = 20,
            LearningRate = 0.1,
            NumberOfThreads = 1,
        });
        var predictor = trainer.Fit(data);
        var contributions = ml.Transforms.CalculateFeatureContribution(predictor, numberOfPositiveContributions: ImportanceFeatures.Count, numberOfNegativeContributions: ImportanceFeatures.Count)
            .Fit(predictor.Transform(data));
        var chain = predictor.Append(contributions);
        var uncalibrated = new ImportanceModel(version, ml, chain, data.Schema, new IsotonicCalibration([new CalibrationBlock(0, 1, 1, 0)]));
        var raw = uncalibrated.Predict(calibrate.Select(e => e.Features).ToList());
        var calibration = IsotonicCalibration.Fit(calibrate.Select((e, i) => ((double)raw[i].Probability, e.Label)).ToList());
        return new ImportanceModel(version, ml, chain, data.Schema, calibration);
    }

    /// <summary>0 = training, 1 = calibration, 2 = evaluation (3 in 5 to training): by person when there are ten or more, else per example.</summary>
    private static int PartOf(int draw) => (draw % 5) switch { 0 => 1, 1 => 2, _ => 0 };
}
