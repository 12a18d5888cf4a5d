namespace Kmt.Core.Insights;

/// <summary>
/// The scorer used while no trained model exists (a new deployment, or too little history to train):
/// <see cref="ImportancePrior"/>'s recency/frequency score, with no confidence interval since it is
/// not a calibrated probability.
/// </summary>
public sealed class PriorImportanceScorer(InsightOptions options) : IImportanceScorer
{
    public string Version => ImportancePrior.ModelName;

    public IReadOnlyList<ImportanceScore> Score(IReadOnlyList<ItemFeatures> items, DateTimeOffset asOf, DateTimeOffset targetDate)
    {
        ArgumentNullException.ThrowIfNull(items);
        return items.Select(i => ImportancePrior.Score(i, asOf, options) with { TargetDate = targetDate }).ToList();
    }

    public bool Save(Stream destination) => false;
}
