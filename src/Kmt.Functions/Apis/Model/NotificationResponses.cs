using System.Globalization;
using Kmt.Core.Notifications;

namespace Kmt.Functions.Apis.Model;

/// <summary>One notification of the feed; <c>read</c> is <c>read_at != null</c>.</summary>
public sealed record NotificationResponse(
    string Id, string Kind, string Title, string Body, string? Link, string? InsightRef, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt, bool Read)
{
    public static NotificationResponse From(Notification n) => new(n.Id, n.Kind, n.Title, n.Body, n.Link, n.InsightRef, n.CreatedAt, n.ReadAt, n.ReadAt is not null);
}

/// <summary>The channels a person wants notifications on.</summary>
public sealed record NotificationChannelsResponse(bool InApp, bool Email, bool Push);

/// <summary>Local times HH:mm.</summary>
public sealed record QuietHoursResponse(string Start, string End);

/// <summary>GET/PUT notifications/preferences; <c>etag</c> is null until the person saved preferences.</summary>
public sealed record NotificationPreferencesResponse(
    NotificationChannelsResponse Channels, string DigestFrequency, string DigestTime, string DigestDay, string TimeZone, QuietHoursResponse? QuietHours, DateTimeOffset? UpdatedAt, string? Etag)
{
    public static NotificationPreferencesResponse From(NotificationPreferences p) => new(
        new NotificationChannelsResponse(p.InApp, p.Email, p.Push),
        p.DigestFrequency,
        Time(p.DigestTime),
        p.DigestDay.ToString().ToLowerInvariant(),
        p.TimeZone,
        p.QuietHoursStart is { } start && p.QuietHoursEnd is { } end ? new QuietHoursResponse(Time(start), Time(end)) : null,
        p.UpdatedAt,
        p.ETag);

    private static string Time(TimeOnly t) => t.ToString("HH:mm", CultureInfo.InvariantCulture);
}

/// <summary>A stored Web Push subscription (its keys are not echoed).</summary>
public sealed record PushSubscriptionResponse(string Id, string Endpoint, DateTimeOffset CreatedAt)
{
    public static PushSubscriptionResponse From(PushSubscription s) => new(s.Id, s.Endpoint, s.CreatedAt);
}
