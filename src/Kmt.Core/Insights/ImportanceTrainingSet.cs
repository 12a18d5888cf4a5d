namespace Kmt.Core.Insights;

/// <summary>
/// What a model trains on: each consenting person's item snapshot as of <see cref="AsOf"/> (with the
/// access times that give both the features at a past cut-off and the label after it).
/// </summary>
public sealed record ImportanceTrainingSet
{
    public required string Version { get; init; }

    public required DateTimeOffset AsOf { get; init; }

    /// <summary>One snapshot per person.</summary>
    public required IReadOnlyList<IReadOnlyList<ItemFeatures>> Histories { get; init; }

    /// <summary>The label's window: an item is positive when opened again within it after the cut-off.</summary>
    public required TimeSpan TargetWindow { get; init; }

    /// <summary>Cut-offs at AsOf − k·window for k = 1..this.</summary>
    public int CutOffs { get; init; } = 3;

    /// <summary>Fewer examples (or fewer than 20 of either label) and no model is trained.</summary>
    public int MinExamples { get; init; } = 500;

    /// <summary>Seed of the train / calibration split and the trainer, so a rerun gives the same model.</summary>
    public int Seed { get; init; } = 1;
}
