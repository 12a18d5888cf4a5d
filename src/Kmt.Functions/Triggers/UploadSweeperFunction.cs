using Kmt.Core.Uploads;
using Microsoft.Azure.Functions.Worker;

namespace Kmt.Functions.Triggers;

/// <summary>
/// Finishes or fails uploads a crash left "processing" (or "queued" with their blob in place): see
/// <see cref="UploadSweeper"/>. The schedule is the app setting Kmt:Uploads:SweepSchedule (six-field
/// NCRONTAB, UTC; "0 */5 * * * *" in local.settings.sample.json and infra). The host resolves it when it
/// indexes the function: without the setting this function is not indexed (the host logs an error).
/// </summary>
public sealed class UploadSweeperFunction(UploadSweeper sweeper)
{
    public const string ScheduleSetting = "Kmt:Uploads:SweepSchedule";

    [Function("Sweep_StalledUploads")]
    public Task Run([TimerTrigger("%" + ScheduleSetting + "%")] TimerInfo timer, FunctionContext context) =>
        sweeper.SweepAsync(context.CancellationToken);
}
