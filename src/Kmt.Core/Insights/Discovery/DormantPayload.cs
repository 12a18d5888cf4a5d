namespace Kmt.Core.Insights.Discovery;

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
