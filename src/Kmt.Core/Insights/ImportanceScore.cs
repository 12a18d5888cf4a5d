namespace Kmt.Core.Insights;

/// <summary>
/// An item's importance in one run: <see cref="Score"/> in [0, 1] and the reasons in words.
/// <see cref="Model"/> names what produced it; today always <see cref="ImportancePrior.ModelName"/>
/// (a recency/frequency prior, not a trained, calibrated model: docs/architecture.md, "Insight pipeline").
/// </summary>
public sealed record ImportanceScore
{
    public required string ItemId { get; init; }

    public required double Score { get; init; }

    public required string Model { get; init; }

    public required string Reasoning { get; init; }
}
