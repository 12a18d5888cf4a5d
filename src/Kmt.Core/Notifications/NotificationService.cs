using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Core.Insights;
using Kmt.Core.Knowledge;
using Kmt.Core.Privacy;
using Kmt.Core.Realtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Notifications;

/// <summary>
/// Publishes notifications (once per user and dedupe key, with the notifications consent) and serves
/// the in-app feed (docs/design/person-view.md, "Notifications"). Preferences and push subscriptions are in
/// <see cref="NotificationSettingsService"/>; e-mail digests in <see cref="NotificationDigestService"/>.
/// </summary>
public sealed class NotificationService(
    INotificationStore store,
    IPrivacyStore privacy,
    IEnumerable<INotificationSource> sources,
    IOptions<KmtLimits> limits,
    TimeProvider time,
    IPushSender? push = null,
    ILogger<NotificationService>? logger = null,
    RealtimeEvents? realtime = null)
{
    private const int TitleMax = 200;
    private const int BodyMax = 2000;
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    /// <summary>
    /// Stores the notification unless (user, <paramref name="dedupeKey"/>) was published before, sends a
    /// newly stored one to the person's open clients as a real-time <c>notification</c> message, then
    /// pushes it (push channel on, outside quiet hours, once per notification). Null without the
    /// notifications consent; otherwise the stored notification, the first one on a repeat.
    /// </summary>
    public async Task<Notification?> PublishAsync(
        string userId, string dedupeKey, string kind, string title, string body, string? link, string? insightRef, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentException.ThrowIfNullOrEmpty(dedupeKey);
        if (!await HasConsentAsync(userId, cancellationToken))
        {
            return null;
        }

        var notification = new Notification
        {
            Id = NotificationIds.ForNotification(userId, dedupeKey),
            UserId = userId,
            DedupeKey = dedupeKey,
            Kind = kind,
            Title = TextCut.Head(title, TitleMax),
            Body = TextCut.Head(body, BodyMax),
            Link = link,
            InsightRef = insightRef,
            CreatedAt = time.GetUtcNow(),
        };
        var added = await store.TryAddAsync(notification, cancellationToken);

        // After the add (and on a retried add too), so a digest check that found nothing pending and
        // re-read before removing nothing can miss it; an existing due time stays (docs/design/person-view.md, "Notification digests").
        await store.AddDigestDueAsync(userId, notification.CreatedAt, cancellationToken);
        var stored = await store.GetAsync(userId, notification.Id, cancellationToken) ?? notification;
        if (added && realtime is not null)
        {
            // Only a new notification: a retried step finds it stored and sends nothing twice.
            await realtime.NotificationAsync(userId, NotificationMessage.From(stored));
        }

        await PushAsync(stored, cancellationToken);
        return stored;
    }

    public Task<Notification?> PublishAsync(string userId, NotificationDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return PublishAsync(userId, draft.DedupeKey, draft.Kind, draft.Title, draft.Body, draft.Link, draft.InsightRef, cancellationToken);
    }

    /// <summary>
    /// The insight pipeline's notify step: every registered <see cref="INotificationSource"/>'s drafts
    /// for the run, published. Returns how many notifications the run has (new or published by an
    /// earlier attempt); 0 without the consent.
    /// </summary>
    public async Task<int> NotifyRunAsync(UserRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (!await HasConsentAsync(run.UserId, cancellationToken))
        {
            return 0;
        }

        var published = 0;
        foreach (var source in sources)
        {
            foreach (var draft in await source.DraftAsync(run, cancellationToken))
            {
                published += await PublishAsync(run.UserId, draft, cancellationToken) is null ? 0 : 1;
            }
        }

        return published;
    }

    /// <summary>GET notifications: newest first, paged (page, per_page); unread=true for unread ones only.</summary>
    public async Task<PagedResult<Notification>> ListAsync(AuthenticatedUser caller, string? page, string? perPage, string? unread, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var validation = new Validation();
        var pageNumber = Paging.ParsePage(page, validation);
        var size = Paging.ParsePerPage(perPage, limits.Value, validation);
        var unreadOnly = false;
        if (!string.IsNullOrWhiteSpace(unread) && !bool.TryParse(unread.Trim(), out unreadOnly))
        {
            validation.Add("unread", "unread must be true or false.");
        }

        validation.ThrowIfInvalid();
        var skip = (int)Math.Min(int.MaxValue, (long)(pageNumber - 1) * size);
        var items = await store.ListAsync(caller.UserId, unreadOnly, skip, size, cancellationToken);
        var total = await store.CountAsync(caller.UserId, unreadOnly, cancellationToken);
        return new PagedResult<Notification>(items, pageNumber, size, total, Paging.TotalPages(total, size), null);
    }

    /// <summary>Marks one of the caller's notifications read (again is fine); NOT_FOUND for an unknown id or another person's.</summary>
    public async Task<Notification> MarkReadAsync(AuthenticatedUser caller, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!Ids.IsWellFormed(id) || !await store.MarkReadAsync(caller.UserId, id, time.GetUtcNow(), cancellationToken))
        {
            throw KmtException.NotFound("Notification");
        }

        return await store.GetAsync(caller.UserId, id, cancellationToken) ?? throw KmtException.NotFound("Notification");
    }

    /// <summary>Marks every unread notification of the caller read; returns how many.</summary>
    public Task<int> MarkAllReadAsync(AuthenticatedUser caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return store.MarkAllReadAsync(caller.UserId, time.GetUtcNow(), cancellationToken);
    }

    internal async Task<bool> HasConsentAsync(string userId, CancellationToken cancellationToken)
    {
        var consents = await privacy.GetConsentsAsync(userId, cancellationToken);
        return consents?.IsGranted(ConsentPurposes.Notifications) ?? ConsentPurposes.DefaultGranted(ConsentPurposes.Notifications);
    }

    /// <summary>
    /// Web Push of a new notification: claimed once per notification (a sent mark) before sending, so a
    /// retried step never pushes twice; an expired subscription (404/410) is removed; a failing push
    /// service is logged and does not fail the step (the feed and the digest still carry it).
    /// </summary>
    private async Task PushAsync(Notification notification, CancellationToken cancellationToken)
    {
        if (push is null)
        {
            return;
        }

        var preferences = await store.GetPreferencesAsync(notification.UserId, cancellationToken) ?? NotificationPreferences.Defaults(notification.UserId);
        if (!preferences.Push || preferences.IsQuiet(NotificationClock.LocalTime(time.GetUtcNow(), preferences.TimeZone)))
        {
            return;
        }

        var subscriptions = await store.ListPushSubscriptionsAsync(notification.UserId, cancellationToken);
        if (subscriptions.Count == 0 || !await store.TryMarkSentAsync(notification.UserId, "push:" + notification.Id, time.GetUtcNow(), cancellationToken))
        {
            return;
        }

        var payload = System.Text.Json.JsonSerializer.Serialize(new { id = notification.Id, kind = notification.Kind, title = notification.Title, body = notification.Body, link = notification.Link });
        foreach (var subscription in subscriptions)
        {
            try
            {
                if (await push.SendAsync(subscription, payload, cancellationToken) == PushOutcome.Gone)
                {
                    await store.DeletePushSubscriptionAsync(subscription.UserId, subscription.Id, cancellationToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogWarning(e, "Push of notification {NotificationId} to subscription {SubscriptionId} failed.", notification.Id, subscription.Id);
            }
        }
    }
}
