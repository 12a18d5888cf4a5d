using Kmt.Core.Insights;

namespace Kmt.Functions.Apis.Model;

/// <summary>
/// One importance prediction as GET api/v1/insights/predictions returns it (docs/api.md, "Insights"):
/// the calibrated probability that the item is opened again by <see cref="TargetDate"/>, its 95%
/// interval, a confidence score (1 − the interval's width), the reasons and the model version. A
/// prediction of the prior has no interval and no confidence score.
/// </summary>
public sealed record ImportancePredictionResponse(
    string Id,
    string KnowledgeItemId,
    string Title,
    string PredictionType,
    double PredictedValue,
    double? ConfidenceScore,
    ConfidenceIntervalResponse? ConfidenceInterval,
    DateTimeOffset PredictionDate,
    DateTimeOffset? TargetDate,
    string Reasoning,
    string ModelVersion,
    string RunId)
{
    public static ImportancePredictionResponse From(ImportancePrediction prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        var s = prediction.Score;
        var interval = s is { ConfidenceLow: { } low, ConfidenceHigh: { } high } ? new ConfidenceIntervalResponse(low, high) : null;
        return new(
            $"{prediction.RunId}:{s.ItemId}",
            s.ItemId,
            prediction.Title,
            ImportancePrediction.TypeName,
            s.Score,
            interval is null ? null : Math.Round(1 - (interval.High - interval.Low), 4),
            interval,
            prediction.PredictionDate,
            s.TargetDate,
            s.Reasoning,
            s.Model,
            prediction.RunId);
    }
}

/// <summary>The 95% interval of a calibrated prediction.</summary>
public sealed record ConfidenceIntervalResponse(double Low, double High);
