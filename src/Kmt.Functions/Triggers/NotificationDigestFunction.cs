using Kmt.Core.Notifications;
using Microsoft.Azure.Functions.Worker;

namespace Kmt.Functions.Triggers;

/// <summary>
/// E-mail digests (<see cref="NotificationDigestService"/>): each run sends every person whose digest
/// period has begun in their own time zone. The schedule is the app setting
/// Kmt:Notifications:DigestSchedule (six-field NCRONTAB, UTC; hourly in local.settings.sample.json and
/// infra), so a digest goes out within the hour after a person's digest time.
/// </summary>
public sealed class NotificationDigestFunction(NotificationDigestService digests)
{
    public const string ScheduleSetting = "Kmt:Notifications:DigestSchedule";

    [Function("Notifications_Digest")]
    public Task Run([TimerTrigger("%" + ScheduleSetting + "%")] TimerInfo timer, FunctionContext context) =>
        digests.RunAsync(context.CancellationToken);
}
