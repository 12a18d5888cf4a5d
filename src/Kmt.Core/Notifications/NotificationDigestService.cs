using System.Globalization;
using System.Text;
using Kmt.Core.Accounts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Notifications;

/// <summary>
/// E-mail digests (timer trigger, Kmt:Notifications:DigestSchedule): each person whose digest is due
/// (a due time kept per person by the store: set by new notifications, preference saves and each check),
/// whose digest period has begun in their own time zone (daily or weekly, from their digest time), outside their quiet
/// hours, with the e-mail channel and the notifications consent, gets one mail of the notifications no
/// digest took yet, through <see cref="MailDelivery"/> (the outbox, then the configured sender).
/// </summary>
/// <remarks>
/// At most once: the period's key ("digest:daily:2025-01-31") is claimed as a sent mark and the
/// notifications are marked digested before the mail is handed over, so a retried or overlapping timer
/// sends nothing twice; a crash between the two leaves the notifications for the next period.
/// </remarks>
public sealed class NotificationDigestService(
    IUserStore users,
    INotificationStore store,
    NotificationService notifications,
    MailDelivery mail,
    IOptions<NotificationOptions> options,
    TimeProvider time,
    ILogger<NotificationDigestService>? logger = null)
{
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    /// <summary>
    /// Pages through the users whose digest is due now (<see cref="INotificationStore.ListDigestDueAsync"/>),
    /// not every user, and sends the digests that are; returns how many it sent.
    /// </summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var size = Math.Clamp(options.Value.DigestUserPageSize, 1, 1000);
        var sent = 0;
        string? after = null;
        while (true)
        {
            var ids = await store.ListDigestDueAsync(now, after, size, cancellationToken);
            foreach (var userId in ids)
            {
                try
                {
                    sent += await SendIfDueAsync(userId, now, cancellationToken) ? 1 : 0;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _logger.LogWarning(e, "The notification digest of user {UserId} failed; the next run tries again.", userId);
                }
            }

            if (ids.Count < size)
            {
                return sent;
            }

            after = ids[^1];
        }
    }

    /// <summary>
    /// Sends the user's digest if one is due at <paramref name="now"/>; true when it sent one. Then sets
    /// when the timer looks at the user next: the start of the next period, nothing (no digests, or
    /// nothing pending: a new notification sets it again), or unchanged (quiet hours: the next run).
    /// </summary>
    public async Task<bool> SendIfDueAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var preferences = await store.GetPreferencesAsync(userId, cancellationToken) ?? NotificationPreferences.Defaults(userId);
        var next = NextPeriodStartUtc(preferences, now);
        if (!preferences.Email || next is null)
        {
            await store.SetDigestDueAsync(userId, null, cancellationToken);
            return false;
        }

        var local = NotificationClock.Local(now, preferences.TimeZone);
        if (preferences.IsQuiet(TimeOnly.FromDateTime(local.DateTime)))
        {
            return false;
        }

        if (PeriodKey(preferences, local) is not { } key)
        {
            await store.SetDigestDueAsync(userId, next, cancellationToken);
            return false;
        }

        var pending = await store.ListUndigestedAsync(userId, Math.Max(1, options.Value.MaxPerDigest), cancellationToken);
        if (pending.Count == 0)
        {
            // Removed, then looked at again: a notification added meanwhile set its due time after its add,
            // so either the removal came later and this read sees the notification, or its due time stays.
            await store.SetDigestDueAsync(userId, null, cancellationToken);
            if ((await store.ListUndigestedAsync(userId, 1, cancellationToken)).Count > 0)
            {
                await store.AddDigestDueAsync(userId, now, cancellationToken);
            }

            return false;
        }

        if (!await notifications.HasConsentAsync(userId, cancellationToken)
            || await users.GetAsync(userId, cancellationToken) is not { IsActive: true } user
            || !await store.TryMarkSentAsync(userId, key, now, cancellationToken))
        {
            await store.SetDigestDueAsync(userId, next, cancellationToken);
            return false;
        }

        await store.MarkDigestedAsync(userId, pending.Select(n => n.Id).ToList(), now, cancellationToken);
        await mail.SendAsync(new OutgoingMail(userId, user.Email, Subject(pending.Count), Body(user, pending), now), cancellationToken);
        await store.SetDigestDueAsync(userId, next, cancellationToken);
        return true;
    }

    /// <summary>
    /// The first instant after <paramref name="now"/> at which a new digest period begins in the person's
    /// zone (their digest time, daily or on their digest day), or null when digests are off.
    /// </summary>
    public static DateTimeOffset? NextPeriodStartUtc(NotificationPreferences preferences, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(preferences);
        if (preferences.DigestFrequency is not (DigestFrequencies.Daily or DigestFrequencies.Weekly))
        {
            return null;
        }

        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(preferences.TimeZone, out var found) ? found : TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var passed = TimeOnly.FromDateTime(local.DateTime) >= preferences.DigestTime;
        int days;
        if (preferences.DigestFrequency == DigestFrequencies.Daily)
        {
            days = passed ? 1 : 0;
        }
        else
        {
            days = ((int)preferences.DigestDay - (int)local.DayOfWeek + 7) % 7;
            days = days == 0 && passed ? 7 : days;
        }

        var start = DateOnly.FromDateTime(local.DateTime).AddDays(days).ToDateTime(preferences.DigestTime, DateTimeKind.Unspecified);

        // A digest time a DST change skips begins at the first valid minute after it.
        while (zone.IsInvalidTime(start))
        {
            start = start.AddMinutes(30);
        }

        // A digest time a DST change repeats begins at its first occurrence (the larger offset).
        var utc = zone.IsAmbiguousTime(start)
            ? new DateTimeOffset(start, zone.GetAmbiguousTimeOffsets(start).Max()).ToUniversalTime()
            : new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(start, zone), TimeSpan.Zero);
        return utc > now ? utc : utc.AddDays(preferences.DigestFrequency == DigestFrequencies.Daily ? 1 : 7);
    }

    /// <summary>The key of the digest period <paramref name="local"/> falls in, or null when none has begun (or digests are off).</summary>
    public static string? PeriodKey(NotificationPreferences preferences, DateTimeOffset local)
    {
        ArgumentNullException.ThrowIfNull(preferences);
        var today = DateOnly.FromDateTime(local.DateTime);
        var beforeTime = TimeOnly.FromDateTime(local.DateTime) < preferences.DigestTime;
        switch (preferences.DigestFrequency)
        {
            case DigestFrequencies.Daily:
                return beforeTime ? null : $"digest:daily:{today:yyyy-MM-dd}";
            case DigestFrequencies.Weekly:
                var daysSince = ((int)local.DayOfWeek - (int)preferences.DigestDay + 7) % 7;
                if (daysSince == 0 && beforeTime)
                {
                    daysSince = 7;
                }

                return $"digest:weekly:{today.AddDays(-daysSince):yyyy-MM-dd}";
            default:
                return null;
        }
    }

    private static string Subject(int count) =>
        count == 1 ? "KMT: 1 new insight" : string.Create(CultureInfo.InvariantCulture, $"KMT: {count} new insights");

    private string Body(User user, IReadOnlyList<Notification> pending)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Hello {user.FirstName ?? user.Email},\n\nWhat KMT noticed since your last digest:\n\n");
        foreach (var n in pending)
        {
            text.Append(CultureInfo.InvariantCulture, $"- {n.Title}\n  {n.Body}\n");
            if (n.Link is { } link)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {options.Value.AppBaseUrl?.TrimEnd('/')}{link}\n");
            }
        }

        text.Append("\nChange how often you get this in your notification preferences.\n");
        return text.ToString();
    }
}
