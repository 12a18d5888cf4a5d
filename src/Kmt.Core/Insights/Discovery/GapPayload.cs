namespace Kmt.Core.Insights.Discovery;

/// <summary>
/// The fields of a knowledge gap (kind "gap"); <see cref="Forecaster"/> names the model. <see cref="Topic"/>
/// is "tag:…", "term:…", "entity:{vertex id}" or "community:{vertex id}"; each names its evidence.
/// </summary>
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
    string Reasoning)
{
    /// <summary>The person's searches that resolve to the topic (newest first, at most 5).</summary>
    public IReadOnlyList<string> Searches { get; init; } = [];

    /// <summary>The items whose reads in the forecast weeks make it a gap: for graph gaps items mentioning related entities, then its own; for tags and terms its own.</summary>
    public IReadOnlyList<string> ItemIds { get; init; } = [];

    /// <summary>The related entities (relates_to) the person reads about around it.</summary>
    public IReadOnlyList<string> RelatedEntities { get; init; } = [];
}
