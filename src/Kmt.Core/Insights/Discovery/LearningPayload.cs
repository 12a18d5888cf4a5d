namespace Kmt.Core.Insights.Discovery;

/// <summary>The fields of a learning path (kind "learning"): the topic's items, foundational first.</summary>
public sealed record LearningPayload(string Topic, string Name, IReadOnlyList<LearningStep> Steps, string Reasoning);
