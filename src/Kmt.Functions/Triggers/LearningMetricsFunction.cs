using Kmt.Core.Analytics;
using Microsoft.Azure.Functions.Worker;

namespace Kmt.Functions.Triggers;

/// <summary>
/// The learning metrics job (docs/design/person-view.md, "Analytics"): every hour it recomputes each active
/// person's last day of hours from the raw data; at 03:00 UTC it recomputes their whole history, which
/// also backfills people who had none. The analytics routes only read what this writes. The schedule is
/// the app setting Kmt:Analytics:MetricsSchedule ("0 7 * * * *" in local.settings.sample.json and infra);
/// without the setting the host does not index this function.
/// </summary>
public sealed class LearningMetricsFunction(AnalyticsService analytics, TimeProvider timeProvider)
{
    public const string ScheduleSetting = "Kmt:Analytics:MetricsSchedule";

    private static readonly TimeSpan HourlyWindow = TimeSpan.FromHours(26);

    [Function("Analytics_RefreshMetrics")]
    public Task Run([TimerTrigger("%" + ScheduleSetting + "%")] TimerInfo timer, FunctionContext context) =>
        analytics.RefreshAllAsync(timeProvider.GetUtcNow().Hour == 3 ? null : HourlyWindow, context.CancellationToken);
}
