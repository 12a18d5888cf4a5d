using Kmt.Core.Insights;

namespace Kmt.Core.Notifications;

/// <summary>
/// Turns what one insight run produced into notification drafts. Every source registered in DI
/// (services.AddSingleton&lt;INotificationSource, MySource&gt;()) is asked by the pipeline's notify step
/// (docs/design/person-view.md, "Notifications"); a new insight kind plugs in by adding one. Drafts must be
/// deterministic for a run (the step is retried) and carry a dedupe key naming the insight, not the run,
/// so the same insight never notifies twice.
/// </summary>
public interface INotificationSource
{
    Task<IReadOnlyList<NotificationDraft>> DraftAsync(UserRun run, CancellationToken cancellationToken);
}
