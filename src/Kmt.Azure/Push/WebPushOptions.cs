namespace Kmt.Azure.Push;

/// <summary>
/// Configuration section "Kmt:Notifications:Push": the VAPID identity of the app (RFC 8292). The keys are
/// base64url (public: the uncompressed P-256 point, private: its scalar); locally they are generated once
/// and kept in the data folder when unset (<see cref="VapidKeyFile"/>).
/// </summary>
public sealed class WebPushOptions
{
    public const string Section = "Kmt:Notifications:Push";

    /// <summary>A mailto: or https: contact the push services may use.</summary>
    public string Subject { get; set; } = "mailto:admin@example.org";

    public string? VapidPublicKey { get; set; }

    public string? VapidPrivateKey { get; set; }

    /// <summary>How long a push service keeps an undelivered message.</summary>
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromDays(1);

    public bool HasKeys => !string.IsNullOrWhiteSpace(VapidPublicKey) && !string.IsNullOrWhiteSpace(VapidPrivateKey);
}
