namespace Kmt.Core.Notifications;

/// <summary>
/// Notifications, preferences, push subscriptions and sent marks, partitioned by user
/// (docs/architecture.md, "Notifications"). Adds are idempotent by id, so retries change nothing.
/// </summary>
public interface INotificationStore
{
    /// <summary>Stores the notification unless the user already has one with its id; true when it was added now.</summary>
    Task<bool> TryAddAsync(Notification notification, CancellationToken cancellationToken);

    Task<Notification?> GetAsync(string userId, string id, CancellationToken cancellationToken);

    /// <summary>Newest first (created_at, then id, descending); only unread ones when <paramref name="unreadOnly"/>.</summary>
    Task<IReadOnlyList<Notification>> ListAsync(string userId, bool unreadOnly, int skip, int take, CancellationToken cancellationToken);

    Task<long> CountAsync(string userId, bool unreadOnly, CancellationToken cancellationToken);

    /// <summary>Sets ReadAt when it is unset (the first read time stays); false when the user has no such notification.</summary>
    Task<bool> MarkReadAsync(string userId, string id, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Marks every unread notification read; returns how many it marked.</summary>
    Task<int> MarkAllReadAsync(string userId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Notifications no digest took yet, oldest first, at most <paramref name="take"/>.</summary>
    Task<IReadOnlyList<Notification>> ListUndigestedAsync(string userId, int take, CancellationToken cancellationToken);

    Task MarkDigestedAsync(string userId, IReadOnlyList<string> ids, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The user's saved preferences, or null when they never saved any.</summary>
    Task<NotificationPreferences?> GetPreferencesAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Replaces the preferences if they are still at <paramref name="expectedETag"/> (null: any, or none yet); false on a mismatch.</summary>
    Task<bool> SavePreferencesAsync(NotificationPreferences preferences, string? expectedETag, CancellationToken cancellationToken);

    /// <summary>Adds or replaces the subscription with its id.</summary>
    Task SavePushSubscriptionAsync(PushSubscription subscription, CancellationToken cancellationToken);

    Task<IReadOnlyList<PushSubscription>> ListPushSubscriptionsAsync(string userId, CancellationToken cancellationToken);

    /// <summary>False when the user has no such subscription.</summary>
    Task<bool> DeletePushSubscriptionAsync(string userId, string id, CancellationToken cancellationToken);

    /// <summary>Records that <paramref name="key"/> (a digest period, a push of one notification) was sent; false when it already was.</summary>
    Task<bool> TryMarkSentAsync(string userId, string key, DateTimeOffset at, CancellationToken cancellationToken);
}
