namespace Kmt.Core.Analytics;

/// <summary>
/// The readings of one UTC hour inside a <see cref="LearningMetricsDay"/>: what the aggregator needs per
/// hour rather than per day. Retention weighs each reading by the forgetting curve at its hour's start,
/// and the completion sums are kept per hour so they are added in the same order as the hours' own
/// (floating-point sums depend on their order), which keeps every answer identical to the hours'.
/// </summary>
/// <param name="Hour">The hour of the UTC day, 0..23.</param>
/// <param name="Count">Reading sessions that ended in the hour (<see cref="LearningMetricsHour.ItemsRead"/>).</param>
/// <param name="CompletionSum">The hour's <see cref="LearningMetricsHour.CompletionSum"/>.</param>
public readonly record struct LearningHourReads(int Hour, int Count, double CompletionSum);
