namespace Kmt.Core.Notifications;

/// <summary>What a push service answered.</summary>
public enum PushOutcome
{
    Delivered,

    /// <summary>404/410: the subscription expired or was withdrawn; it is removed.</summary>
    Gone,
}
