using Kmt.Core.Insights;

namespace Kmt.Insights.Models.Tests;

/// <summary>One model trained on synthetic histories, shared by the tests that score with it.</summary>
public sealed class TrainedModelFixture
{
    public static readonly DateTimeOffset AsOf = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);

    public TrainedModelFixture()
    {
        Training = new SyntheticHistories(seed: 42).People(30, 300, AsOf);
        Result = new ImportanceModelEngine().Train(new ImportanceTrainingSet
        {
            Version = "importance-test",
            AsOf = AsOf,
            Histories = Training.Select(p => p.Snapshot).ToList(),
            TargetWindow = TimeSpan.FromDays(30),
        });
        Model = Result.Model ?? throw new InvalidOperationException(Result.NotTrainedReason);
    }

    public IReadOnlyList<SyntheticPerson> Training { get; }

    public ImportanceTrainingResult Result { get; }

    public IImportanceScorer Model { get; }
}
