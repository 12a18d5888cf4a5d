using Kmt.Core.Insights;
using Kmt.Core.Notifications;
using Microsoft.Azure.Functions.Worker;

namespace Kmt.Functions.Orchestrations;

/// <summary>
/// The insight pipeline's notify step (docs/design/person-view.md, "Notifications"): the run's new insights,
/// through every registered INotificationSource, become notifications. Idempotent per (user, run): a
/// notification's id is derived from its dedupe key, so a retry publishes nothing twice.
/// </summary>
public sealed class NotificationActivities(NotificationService notifications)
{
    public const string Notify = "Insights_Notify";

    [Function(Notify)]
    public Task<int> NotifyAsync([ActivityTrigger] UserRun run, CancellationToken ct) => notifications.NotifyRunAsync(run, ct);
}
