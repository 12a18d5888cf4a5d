namespace Kmt.Core.Insights.Discovery;

/// <summary>A recent read, capture or search that makes an item relevant now.</summary>
/// <param name="Kind">"read", "capture" or "search".</param>
/// <param name="ItemId">The item read or captured (null for a search).</param>
/// <param name="Text">The item's title or the search's query.</param>
public sealed record RelevanceContext(string Kind, string? ItemId, string Text, double Similarity);

/// <summary>The fields of a dormant discovery (kind "dormant").</summary>
public sealed record DormantPayload(
    string ItemId,
    string Title,
    double RelevanceScore,
    double Retrievability,
    double StabilityDays,
    DateTimeOffset LastAccessedAt,
    string ContextDescription,
    IReadOnlyList<RelevanceContext> Contexts);

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

/// <summary>The fields of a content recommendation (kind "content").</summary>
public sealed record ContentPayload(string ItemId, string Title, double Importance, double Retrievability, double Relevance, string Reasoning);

/// <summary>One step of a learning path.</summary>
public sealed record LearningStep(int Order, string ItemId, string Title, int WordCount, DateTimeOffset CreatedAt);

/// <summary>The fields of a learning path (kind "learning"): the topic's items, foundational first.</summary>
public sealed record LearningPayload(string Topic, string Name, IReadOnlyList<LearningStep> Steps, string Reasoning);
