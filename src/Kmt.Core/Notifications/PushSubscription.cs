namespace Kmt.Core.Notifications;

/// <summary>A browser's Web Push subscription (the PushSubscription JSON: endpoint and keys p256dh, auth).</summary>
public sealed record PushSubscription
{
    /// <summary>Derived from (user, endpoint): subscribing the same browser twice keeps one.</summary>
    public required string Id { get; init; }

    public required string UserId { get; init; }

    public required string Endpoint { get; init; }

    public required string P256dh { get; init; }

    public required string Auth { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}
