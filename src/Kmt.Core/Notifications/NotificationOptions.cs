namespace Kmt.Core.Notifications;

/// <summary>Configuration section "Kmt:Notifications" (docs/design/person-view.md, "Notifications").</summary>
public sealed class NotificationOptions
{
    public const string Section = "Kmt:Notifications";

    /// <summary>Six-field NCRONTAB (UTC) of the digest timer; read by the trigger as %Kmt:Notifications:DigestSchedule%.</summary>
    public string DigestSchedule { get; set; } = "0 5 * * * *";

    /// <summary>Importance predictions at or above this score become notifications.</summary>
    public double ImportanceThreshold { get; set; } = 0.7;

    /// <summary>At most this many importance notifications per run (the highest).</summary>
    public int MaxImportancePerRun { get; set; } = 3;

    /// <summary>Notifications in one e-mail digest at most (the oldest first; the rest wait for the next).</summary>
    public int MaxPerDigest { get; set; } = 50;

    /// <summary>Users read per page by the digest timer.</summary>
    public int DigestUserPageSize { get; set; } = 200;

    /// <summary>Push subscriptions one person may keep.</summary>
    public int MaxPushSubscriptions { get; set; } = 10;

    /// <summary>Longest push endpoint URL accepted.</summary>
    public int MaxEndpointLength { get; set; } = 2048;

    /// <summary>Base URL of the web client, put before links in e-mails and pushes (relative links when empty).</summary>
    public string? AppBaseUrl { get; set; }
}
