namespace Kmt.Core.Insights;

/// <summary>
/// Something that scores a person's items for importance as of an instant: a trained model or the
/// documented prior. Implementations are immutable and safe to share between threads.
/// </summary>
public interface IImportanceScorer
{
    /// <summary>The version every score carries as its model.</summary>
    string Version { get; }

    /// <summary>Scores each of <paramref name="items"/> (one person's snapshot, which also gives the topic features) as of <paramref name="asOf"/>.</summary>
    IReadOnlyList<ImportanceScore> Score(IReadOnlyList<ItemFeatures> items, DateTimeOffset asOf, DateTimeOffset targetDate);

    /// <summary>Writes the scorer as a self-contained zip (a prior writes nothing and returns false).</summary>
    bool Save(Stream destination);
}
