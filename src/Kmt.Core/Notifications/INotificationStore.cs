namespace Kmt.Core.Notifications;

/// <summary>
/// Notifications, preferences, push subscriptions and sent marks, partitioned by user
/// (docs/design/person-view.md, "Notification digests"). Adds are idempotent by id, so retries change nothing.
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

    /// <summary>
    /// Sets when the digest timer next looks at the user (docs/design/person-view.md, "Notification digests"),
    /// replacing any time set before; null removes it (nothing to digest until a notification arrives).
    /// </summary>
    Task SetDigestDueAsync(string userId, DateTimeOffset? dueAt, CancellationToken cancellationToken);

    /// <summary>Sets <paramref name="dueAt"/> only when the user has no due time yet (an existing one stays as it is).</summary>
    Task AddDigestDueAsync(string userId, DateTimeOffset dueAt, CancellationToken cancellationToken);

    /// <summary>
    /// The users whose digest is due at <paramref name="now"/> (due time at or before it), in user id order
    /// after <paramref name="afterUserId"/>, at most <paramref name="take"/>: all the digest timer reads.
    /// </summary>
    Task<IReadOnlyList<string>> ListDigestDueAsync(DateTimeOffset now, string? afterUserId, int take, CancellationToken cancellationToken);
}
