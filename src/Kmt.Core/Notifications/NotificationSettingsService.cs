using System.Globalization;
using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Notifications;

/// <summary>GET/PUT notifications/preferences and the Web Push subscriptions (docs/api.md, "Notifications").</summary>
public sealed class NotificationSettingsService(INotificationStore store, IOptions<NotificationOptions> options, TimeProvider time, IPushSender? push = null)
{
    /// <summary>The VAPID public key browsers subscribe with; NOT_FOUND when this deployment has no Web Push.</summary>
    public string GetPushPublicKey(AuthenticatedUser caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return push?.PublicKey ?? throw KmtException.NotFound("Web Push key");
    }

    private const int MaxKeyLength = 256;

    /// <summary>The caller's preferences; the defaults (without an ETag) until they save some.</summary>
    public async Task<NotificationPreferences> GetPreferencesAsync(AuthenticatedUser caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return await store.GetPreferencesAsync(caller.UserId, cancellationToken) ?? NotificationPreferences.Defaults(caller.UserId);
    }

    /// <summary>Replaces the caller's preferences (If-Match honoured when sent); every bad field is reported at once.</summary>
    public async Task<NotificationPreferences> ReplacePreferencesAsync(AuthenticatedUser caller, NotificationPreferencesInput? input, string? ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var validation = new Validation();
        if (input is null)
        {
            validation.Add("body", "A JSON object with the preferences is required.").ThrowIfInvalid();
        }

        var defaults = NotificationPreferences.Defaults(caller.UserId);
        var frequency = input!.DigestFrequency?.Trim().ToLowerInvariant() ?? defaults.DigestFrequency;
        validation.Require(DigestFrequencies.All.Contains(frequency), "digest_frequency", "digest_frequency must be off, daily or weekly.");
        var zone = input.TimeZone?.Trim() ?? defaults.TimeZone;
        validation.Require(NotificationClock.IsIanaZone(zone), "time_zone", "time_zone must be an IANA time zone such as Europe/Berlin.");
        var digestTime = ParseTime(input.DigestTime, "digest_time", validation) ?? defaults.DigestTime;
        var digestDay = defaults.DigestDay;
        if (input.DigestDay is { } day)
        {
            DayOfWeek? named = Enum.GetValues<DayOfWeek>().Where(d => d.ToString().Equals(day.Trim(), StringComparison.OrdinalIgnoreCase)).Select(d => (DayOfWeek?)d).FirstOrDefault();
            validation.Require(named is not null, "digest_day", "digest_day must be a day of the week such as monday.");
            digestDay = named ?? digestDay;
        }

        var start = ParseTime(input.QuietHours?.Start, "quiet_hours.start", validation);
        var end = ParseTime(input.QuietHours?.End, "quiet_hours.end", validation);
        if (input.QuietHours is not null && (start is null) != (end is null))
        {
            validation.Add("quiet_hours", "quiet_hours needs both start and end (local times HH:mm), or neither.");
        }

        validation.ThrowIfInvalid();
        var current = await store.GetPreferencesAsync(caller.UserId, cancellationToken);
        if (ifMatch is not null && (current?.ETag is null || !ETags.Matches(current.ETag, ifMatch)))
        {
            throw KmtException.PreconditionFailed();
        }

        var saved = new NotificationPreferences
        {
            UserId = caller.UserId,
            InApp = input.Channels?.InApp ?? defaults.InApp,
            Email = input.Channels?.Email ?? defaults.Email,
            Push = input.Channels?.Push ?? defaults.Push,
            DigestFrequency = frequency,
            DigestTime = digestTime,
            DigestDay = digestDay,
            TimeZone = zone,
            QuietHoursStart = start,
            QuietHoursEnd = end,
            UpdatedAt = time.GetUtcNow(),
            ETag = ETags.New(),
        };
        if (!await store.SavePreferencesAsync(saved, current?.ETag, cancellationToken))
        {
            throw KmtException.PreconditionFailed();
        }

        // New digest settings take effect at the next timer run, which also works out the next due time.
        await store.SetDigestDueAsync(saved.UserId, saved.UpdatedAt ?? time.GetUtcNow(), cancellationToken);
        return saved;
    }

    /// <summary>Adds (or refreshes) the browser's subscription: an https endpoint and base64url keys.</summary>
    public async Task<PushSubscription> SubscribeAsync(AuthenticatedUser caller, PushSubscriptionInput? input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var validation = new Validation();
        var endpoint = CheckEndpoint(input?.Endpoint, validation);
        var p256dh = CheckKey(input?.Keys?.P256dh, "keys.p256dh", validation);
        var auth = CheckKey(input?.Keys?.Auth, "keys.auth", validation);
        validation.ThrowIfInvalid();

        var id = NotificationIds.ForSubscription(caller.UserId, endpoint!);
        var existing = await store.ListPushSubscriptionsAsync(caller.UserId, cancellationToken);
        if (existing.All(s => s.Id != id) && existing.Count >= options.Value.MaxPushSubscriptions)
        {
            new Validation().Add("endpoint", $"At most {options.Value.MaxPushSubscriptions} push subscriptions; remove one first.").ThrowIfInvalid();
        }

        var subscription = new PushSubscription { Id = id, UserId = caller.UserId, Endpoint = endpoint!, P256dh = p256dh!, Auth = auth!, CreatedAt = time.GetUtcNow() };
        await store.SavePushSubscriptionAsync(subscription, cancellationToken);
        return subscription;
    }

    /// <summary>Forgets the subscription with that endpoint; NOT_FOUND when the caller has none.</summary>
    public async Task UnsubscribeAsync(AuthenticatedUser caller, PushUnsubscribeInput? input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var validation = new Validation();
        var endpoint = CheckEndpoint(input?.Endpoint, validation);
        validation.ThrowIfInvalid();
        if (!await store.DeletePushSubscriptionAsync(caller.UserId, NotificationIds.ForSubscription(caller.UserId, endpoint!), cancellationToken))
        {
            throw KmtException.NotFound("Push subscription");
        }
    }

    private string? CheckEndpoint(string? raw, Validation validation)
    {
        var endpoint = raw?.Trim();
        if (string.IsNullOrEmpty(endpoint) || endpoint.Length > options.Value.MaxEndpointLength
            || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
        {
            validation.Add("endpoint", $"endpoint must be the push service's https URL (at most {options.Value.MaxEndpointLength} characters).");
            return null;
        }

        return endpoint;
    }

    private static string? CheckKey(string? raw, string field, Validation validation)
    {
        var key = raw?.Trim();
        if (string.IsNullOrEmpty(key) || key.Length > MaxKeyLength || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '='))
        {
            validation.Add(field, $"{field} must be the browser's base64url key.");
            return null;
        }

        return key;
    }

    private static TimeOnly? ParseTime(string? raw, string field, Validation validation)
    {
        if (raw is null)
        {
            return null;
        }

        if (!TimeOnly.TryParseExact(raw.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            validation.Add(field, $"{field} must be a local time HH:mm (00:00 to 23:59).");
            return null;
        }

        return value;
    }
}
