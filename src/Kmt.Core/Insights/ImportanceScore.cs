namespace Kmt.Core.Insights;

/// <summary>
/// An item's importance in one run (seed 4.2.2.1): <see cref="Score"/>, the predicted probability in
/// [0, 1] that the item is opened again by <see cref="TargetDate"/>, its confidence interval, the
/// reasons in words and the model version that produced it. A trained model's scores are calibrated;
/// the prior's (<see cref="ImportancePrior.ModelName"/>) are a ranking heuristic with no interval
/// (docs/design/insights.md, "Insight pipeline").
/// </summary>
public sealed record ImportanceScore
{
    public required string ItemId { get; init; }

    public required double Score { get; init; }

    /// <summary>The model version ("importance-…") or <see cref="ImportancePrior.ModelName"/>.</summary>
    public required string Model { get; init; }

    public required string Reasoning { get; init; }

    /// <summary>Lower bound of the 95% interval of the calibrated probability; null for the prior.</summary>
    public double? ConfidenceLow { get; init; }

    /// <summary>Upper bound of the 95% interval of the calibrated probability; null for the prior.</summary>
    public double? ConfidenceHigh { get; init; }

    /// <summary>The end of the prediction window (the run's as-of time plus the target window).</summary>
    public DateTimeOffset? TargetDate { get; init; }
}
