namespace Kmt.Core.Insights.Discovery;

/// <summary>One step of a learning path.</summary>
public sealed record LearningStep(int Order, string ItemId, string Title, int WordCount, DateTimeOffset CreatedAt);
