namespace Kmt.Core.Notifications;

/// <summary>
/// data of the real-time <c>notification</c> message (docs/api.md, "Real-time"): the notification as
/// GET /notifications lists it, so a client can put it at the top of its feed as it is.
/// </summary>
public sealed record NotificationMessage(
    string Id, string Kind, string Title, string Body, string? Link, string? InsightRef, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt, bool Read)
{
    /// <summary>The message of a stored notification.</summary>
    public static NotificationMessage From(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return new(notification.Id, notification.Kind, notification.Title, notification.Body, notification.Link, notification.InsightRef,
            notification.CreatedAt, notification.ReadAt, notification.ReadAt is not null);
    }
}
