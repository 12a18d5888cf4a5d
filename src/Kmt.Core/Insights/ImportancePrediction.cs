namespace Kmt.Core.Insights;

/// <summary>
/// An importance prediction as GET api/v1/insights/predictions shows it: the score of the run that
/// made it, the item's title, and the run and instant (<see cref="PredictionDate"/>) it was made.
/// </summary>
public sealed record ImportancePrediction(ImportanceScore Score, string Title, string RunId, DateTimeOffset PredictionDate)
{
    public const string TypeName = "importance";
}
