using System.Security.Cryptography;
using System.Text;

namespace Kmt.Core.Notifications;

/// <summary>
/// Ids derived from their key, so a retried write lands on the same record: a notification's id from
/// (user, dedupe key), a push subscription's from (user, endpoint). GUID-shaped (Ids.IsWellFormed).
/// </summary>
public static class NotificationIds
{
    public static string ForNotification(string userId, string dedupeKey) => Derive("notification", userId, dedupeKey);

    public static string ForSubscription(string userId, string endpoint) => Derive("push", userId, endpoint);

    private static string Derive(string kind, string userId, string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{kind}\n{userId}\n{key}"));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }
}
