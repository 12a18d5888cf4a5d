using Kmt.Core.Analytics;
using Microsoft.Azure.Functions.Worker;

namespace Kmt.Functions.Triggers;

/// <summary>
/// The learning metrics job (docs/architecture.md, "Analytics"): every hour it recomputes each active
/// person's last day of hours from the raw data; at 03:00 UTC it recomputes their whole history, which
/// also backfills people who had none. The analytics routes only read what this writes.
/// </summary>
public sealed class LearningMetricsFunction(AnalyticsService analytics, TimeProvider timeProvider)
{
    /// <summary>Hourly, a little after the hour so the hour just ended is complete.</summary>
    public const string Schedule = "0 7 * * * *";

    private static readonly TimeSpan HourlyWindow = TimeSpan.FromHours(26);

    [Function("Analytics_RefreshMetrics")]
    public Task Run([TimerTrigger(Schedule)] TimerInfo timer, FunctionContext context) =>
        analytics.RefreshAllAsync(timeProvider.GetUtcNow().Hour == 3 ? null : HourlyWindow, context.CancellationToken);
}
