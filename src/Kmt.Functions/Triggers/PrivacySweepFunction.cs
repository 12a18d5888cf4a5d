using Kmt.Core.Privacy;
using Microsoft.Azure.Functions.Worker;

namespace Kmt.Functions.Triggers;

/// <summary>
/// The privacy sweep (<see cref="PrivacySweepService"/>): finishes interrupted account erasures, deletes
/// expired export files and (SQLite) expired audit entries. Schedule: Kmt:Privacy:SweepSchedule
/// (NCRONTAB, default every 10 minutes).
/// </summary>
public sealed class PrivacySweepFunction(PrivacySweepService sweep)
{
    [Function("Privacy_Sweep")]
    public Task Run([TimerTrigger("%Kmt:Privacy:SweepSchedule%")] TimerInfo timer, FunctionContext context) =>
        sweep.RunAsync(context.CancellationToken);
}
