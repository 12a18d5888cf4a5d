using Kmt.Core.Privacy;
using Microsoft.Azure.Functions.Worker;

namespace Kmt.Functions.Triggers;

/// <summary>
/// Activity retention (docs/design/storage.md, "Privacy"): folds tracked events older than
/// Kmt:Privacy:ActivityRetention into daily counts and deletes them. Schedule: Kmt:Privacy:RetentionSchedule
/// (NCRONTAB, default daily at 03:17 UTC in local.settings.sample.json and the app settings).
/// </summary>
public sealed class ActivityRetentionFunction(ActivityRetentionService retention)
{
    [Function("Activity_Retention")]
    public Task Run([TimerTrigger("%Kmt:Privacy:RetentionSchedule%")] TimerInfo timer, FunctionContext context) =>
        retention.RunAsync(context.CancellationToken);
}
