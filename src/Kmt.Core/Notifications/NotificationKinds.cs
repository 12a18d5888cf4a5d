namespace Kmt.Core.Notifications;

/// <summary>The kinds of notification today's sources publish; a new <see cref="INotificationSource"/> adds its own.</summary>
public static class NotificationKinds
{
    /// <summary>An item the importance model expects the person to need again soon.</summary>
    public const string Importance = "importance";
}
