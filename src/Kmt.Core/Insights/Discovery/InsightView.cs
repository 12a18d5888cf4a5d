namespace Kmt.Core.Insights.Discovery;

/// <summary>A stored insight with its kind's fields read back.</summary>
public sealed record InsightView<TPayload>(InsightRecord Record, TPayload Payload);
