using System.Globalization;
using System.Text;
using Kmt.Core.Accounts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Notifications;

/// <summary>
/// E-mail digests (timer trigger, Kmt:Notifications:DigestSchedule): each person whose digest period
/// has begun in their own time zone (daily or weekly, from their digest time), outside their quiet
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

    /// <summary>Pages through active users and sends the digests that are due; returns how many it sent.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var size = Math.Clamp(options.Value.DigestUserPageSize, 1, 1000);
        var sent = 0;
        string? after = null;
        while (true)
        {
            var ids = await users.ListActiveUserIdsAsync(after, size, cancellationToken);
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

    /// <summary>Sends the user's digest if one is due at <paramref name="now"/>; true when it sent one.</summary>
    public async Task<bool> SendIfDueAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var preferences = await store.GetPreferencesAsync(userId, cancellationToken) ?? NotificationPreferences.Defaults(userId);
        var local = NotificationClock.Local(now, preferences.TimeZone);
        if (!preferences.Email || preferences.IsQuiet(TimeOnly.FromDateTime(local.DateTime)) || PeriodKey(preferences, local) is not { } key)
        {
            return false;
        }

        var pending = await store.ListUndigestedAsync(userId, Math.Max(1, options.Value.MaxPerDigest), cancellationToken);
        if (pending.Count == 0 || !await notifications.HasConsentAsync(userId, cancellationToken)
            || await users.GetAsync(userId, cancellationToken) is not { IsActive: true } user
            || !await store.TryMarkSentAsync(userId, key, now, cancellationToken))
        {
            return false;
        }

        await store.MarkDigestedAsync(userId, pending.Select(n => n.Id).ToList(), now, cancellationToken);
        await mail.SendAsync(new OutgoingMail(userId, user.Email, Subject(pending.Count), Body(user, pending), now), cancellationToken);
        return true;
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
