namespace Kmt.Core.Insights.Discovery;

/// <summary>The fields of a knowledge gap (kind "gap"); <see cref="Forecaster"/> names the model.</summary>
public sealed record GapPayload(
    string Topic,
    string Name,
    double UrgencyScore,
    DateTimeOffset PredictedNeedDate,
    double ConfidenceScore,
    int RecentDemand,
    double ForecastWeeklyDemand,
    int Holdings,
    string Forecaster,
    string Reasoning);
