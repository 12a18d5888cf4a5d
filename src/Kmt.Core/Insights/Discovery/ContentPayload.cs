namespace Kmt.Core.Insights.Discovery;

/// <summary>The fields of a content recommendation (kind "content").</summary>
public sealed record ContentPayload(string ItemId, string Title, double Importance, double Retrievability, double Relevance, string Reasoning);
