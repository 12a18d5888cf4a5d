namespace Kmt.Core.Notifications;

// Request bodies as clients send them (snake_case on the wire); every field nullable so a missing one is
// a field-level VALIDATION_ERROR, not a serializer failure.

/// <summary>PUT notifications/preferences replaces all of these (a missing field takes its default).</summary>
public sealed record NotificationPreferencesInput(
    NotificationChannelsInput? Channels, string? DigestFrequency, string? DigestTime, string? DigestDay, string? TimeZone, QuietHoursInput? QuietHours);

public sealed record NotificationChannelsInput(bool? InApp, bool? Email, bool? Push);

/// <summary>Local times "HH:mm"; both or neither.</summary>
public sealed record QuietHoursInput(string? Start, string? End);

/// <summary>A browser's PushSubscription: endpoint and keys (p256dh, auth), base64url as the browser gives them.</summary>
public sealed record PushSubscriptionInput(string? Endpoint, PushKeysInput? Keys);

public sealed record PushKeysInput(string? P256dh, string? Auth);

/// <summary>DELETE notifications/push-subscriptions: the endpoint to forget.</summary>
public sealed record PushUnsubscribeInput(string? Endpoint);
