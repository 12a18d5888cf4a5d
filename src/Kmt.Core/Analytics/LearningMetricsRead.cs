namespace Kmt.Core.Analytics;

/// <summary>
/// What <see cref="ILearningMetricsStore.ReadAsync"/> returns for a <see cref="LearningMetricsReadPlan"/>:
/// the day rows of its whole days and the hours of its hour ranges, both oldest first. A store that has
/// no day rows for the person yet returns every hour of the plan's period and no days, which
/// <see cref="AnalyticsAggregator"/> turns into the same answer.
/// </summary>
public sealed record LearningMetricsRead(IReadOnlyList<LearningMetricsDay> Days, IReadOnlyList<LearningMetricsHour> Hours);
