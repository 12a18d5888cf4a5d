using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Kmt.Core.Notifications;
using Microsoft.Azure.Cosmos;
using static Kmt.Storage.Cosmos.CosmosOperations;

namespace Kmt.Storage.Cosmos.Notifications;

/// <summary>
/// Notifications in container notifications (partition /userId): the feed ("notification", id = the
/// notification id), preferences ("preferences"), push subscriptions ("push:{id}") and sent marks
/// ("sent:{hash}"). Adds are creates (409 = already there), so a retry changes nothing.
/// </summary>
public sealed class CosmosNotificationStore(CosmosDatabase database) : INotificationStore
{
    private const string PreferencesId = "preferences";
    private const string TimeFormat = "HH:mm:ss.fffffff";

    public async Task<bool> TryAddAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return await TryCreateAsync(await ContainerAsync(cancellationToken).ConfigureAwait(false), ToDocument(notification), notification.UserId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Notification?> GetAsync(string userId, string id, CancellationToken cancellationToken)
    {
        var document = await ReadAsync<NotificationDocument>(await ContainerAsync(cancellationToken).ConfigureAwait(false), id, userId, cancellationToken).ConfigureAwait(false);
        return document is { Type: "notification" } ? ToNotification(document) : null;
    }

    public async Task<IReadOnlyList<Notification>> ListAsync(string userId, bool unreadOnly, int skip, int take, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition(
                $"SELECT * FROM c WHERE c.userId = @u AND c.type = 'notification'{(unreadOnly ? " AND c.read = false" : "")} ORDER BY c.createdAt DESC, c.id DESC")
            .WithParameter("@u", userId);
        // The local emulator has no OFFSET: read past the skipped ones (a feed is read from its head).
        var documents = await QueryAsync<NotificationDocument>(await ContainerAsync(cancellationToken).ConfigureAwait(false), query, userId, Math.Max(0, skip) + Math.Max(0, take), cancellationToken).ConfigureAwait(false);
        return documents.Skip(Math.Max(0, skip)).Select(ToNotification).ToList();
    }

    public async Task<long> CountAsync(string userId, bool unreadOnly, CancellationToken cancellationToken) =>
        await CosmosOperations.CountAsync(
            await ContainerAsync(cancellationToken).ConfigureAwait(false),
            new QueryDefinition($"SELECT VALUE COUNT(1) FROM c WHERE c.userId = @u AND c.type = 'notification'{(unreadOnly ? " AND c.read = false" : "")}").WithParameter("@u", userId),
            userId,
            cancellationToken).ConfigureAwait(false);

    public async Task<bool> MarkReadAsync(string userId, string id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var container = await ContainerAsync(cancellationToken).ConfigureAwait(false);
        var document = await ReadAsync<NotificationDocument>(container, id, userId, cancellationToken).ConfigureAwait(false);
        if (document is not { Type: "notification" })
        {
            return false;
        }

        if (!document.Read)
        {
            document.Read = true;
            document.ReadAt = CosmosJson.Time(at);
            await UpsertAsync(container, document, userId, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    public async Task<int> MarkAllReadAsync(string userId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var container = await ContainerAsync(cancellationToken).ConfigureAwait(false);
        var unread = await QueryAsync<NotificationDocument>(
            container, new QueryDefinition("SELECT * FROM c WHERE c.userId = @u AND c.type = 'notification' AND c.read = false").WithParameter("@u", userId), userId, null, cancellationToken).ConfigureAwait(false);
        foreach (var document in unread)
        {
            document.Read = true;
            document.ReadAt = CosmosJson.Time(at);
            await UpsertAsync(container, document, userId, cancellationToken).ConfigureAwait(false);
        }

        return unread.Count;
    }

    public async Task<IReadOnlyList<Notification>> ListUndigestedAsync(string userId, int take, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.userId = @u AND c.type = 'notification' AND c.digested = false ORDER BY c.createdAt ASC, c.id ASC")
            .WithParameter("@u", userId);
        return (await QueryAsync<NotificationDocument>(await ContainerAsync(cancellationToken).ConfigureAwait(false), query, userId, Math.Max(0, take), cancellationToken).ConfigureAwait(false))
            .Select(ToNotification).ToList();
    }

    public async Task MarkDigestedAsync(string userId, IReadOnlyList<string> ids, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var container = await ContainerAsync(cancellationToken).ConfigureAwait(false);
        foreach (var id in ids)
        {
            if (await ReadAsync<NotificationDocument>(container, id, userId, cancellationToken).ConfigureAwait(false) is { Type: "notification", Digested: false } document)
            {
                document.Digested = true;
                document.DigestedAt = CosmosJson.Time(at);
                await UpsertAsync(container, document, userId, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<NotificationPreferences?> GetPreferencesAsync(string userId, CancellationToken cancellationToken)
    {
        var d = await ReadAsync<PreferencesDocument>(await ContainerAsync(cancellationToken).ConfigureAwait(false), PreferencesId, userId, cancellationToken).ConfigureAwait(false);
        return d is null ? null : new NotificationPreferences
        {
            UserId = userId,
            InApp = d.InApp,
            Email = d.Email,
            Push = d.Push,
            DigestFrequency = d.DigestFrequency,
            DigestTime = ParseTimeOfDay(d.DigestTime)!.Value,
            DigestDay = Enum.Parse<DayOfWeek>(d.DigestDay),
            TimeZone = d.TimeZone,
            QuietHoursStart = ParseTimeOfDay(d.QuietHoursStart),
            QuietHoursEnd = ParseTimeOfDay(d.QuietHoursEnd),
            UpdatedAt = CosmosJson.ParseTime(d.UpdatedAt, nullable: true),
            ETag = d.ETag,
        };
    }

    public async Task<bool> SavePreferencesAsync(NotificationPreferences preferences, string? expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(preferences);
        var container = await ContainerAsync(cancellationToken).ConfigureAwait(false);
        var document = new PreferencesDocument
        {
            Id = PreferencesId,
            UserId = preferences.UserId,
            InApp = preferences.InApp,
            Email = preferences.Email,
            Push = preferences.Push,
            DigestFrequency = preferences.DigestFrequency,
            DigestTime = preferences.DigestTime.ToString(TimeFormat, CultureInfo.InvariantCulture),
            DigestDay = preferences.DigestDay.ToString(),
            TimeZone = preferences.TimeZone,
            QuietHoursStart = preferences.QuietHoursStart?.ToString(TimeFormat, CultureInfo.InvariantCulture),
            QuietHoursEnd = preferences.QuietHoursEnd?.ToString(TimeFormat, CultureInfo.InvariantCulture),
            UpdatedAt = CosmosJson.Time(preferences.UpdatedAt),
            ETag = preferences.ETag ?? throw new ArgumentException("Preferences are saved with a new ETag.", nameof(preferences)),
        };
        if (expectedETag is null)
        {
            await UpsertAsync(container, document, preferences.UserId, cancellationToken).ConfigureAwait(false);
            return true;
        }

        var current = await ReadAsync<PreferencesDocument>(container, PreferencesId, preferences.UserId, cancellationToken).ConfigureAwait(false);
        return current is not null && current.ETag == expectedETag
            && await TryReplaceAsync(container, document, PreferencesId, preferences.UserId, current.SystemETag, "Notification preferences", cancellationToken).ConfigureAwait(false);
    }

    public async Task SavePushSubscriptionAsync(PushSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var document = new PushSubscriptionDocument
        {
            Id = "push:" + subscription.Id,
            UserId = subscription.UserId,
            SubscriptionId = subscription.Id,
            Endpoint = subscription.Endpoint,
            P256dh = subscription.P256dh,
            Auth = subscription.Auth,
            CreatedAt = CosmosJson.Time(subscription.CreatedAt),
        };
        await UpsertAsync(await ContainerAsync(cancellationToken).ConfigureAwait(false), document, subscription.UserId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PushSubscription>> ListPushSubscriptionsAsync(string userId, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.userId = @u AND c.type = 'push'").WithParameter("@u", userId);
        var documents = await QueryAsync<PushSubscriptionDocument>(await ContainerAsync(cancellationToken).ConfigureAwait(false), query, userId, null, cancellationToken).ConfigureAwait(false);
        return documents
            .Select(d => new PushSubscription { Id = d.SubscriptionId, UserId = userId, Endpoint = d.Endpoint, P256dh = d.P256dh, Auth = d.Auth, CreatedAt = CosmosJson.ParseTime(d.CreatedAt) })
            .OrderBy(s => s.CreatedAt)
            .ThenBy(s => s.Id, StringComparer.Ordinal)
            .ToList();
    }

    public async Task<bool> DeletePushSubscriptionAsync(string userId, string id, CancellationToken cancellationToken) =>
        await DeleteAsync(await ContainerAsync(cancellationToken).ConfigureAwait(false), "push:" + id, userId, cancellationToken).ConfigureAwait(false);

    public async Task SetDigestDueAsync(string userId, DateTimeOffset? dueAt, CancellationToken cancellationToken)
    {
        var container = await ContainerAsync(cancellationToken).ConfigureAwait(false);
        if (dueAt is { } due)
        {
            await UpsertAsync(container, new DigestDueDocument { Id = DigestDueDocument.DocumentId, UserId = userId, DueAt = due.ToUnixTimeSeconds() }, userId, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await DeleteAsync(container, DigestDueDocument.DocumentId, userId, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task AddDigestDueAsync(string userId, DateTimeOffset dueAt, CancellationToken cancellationToken) =>
        await TryCreateAsync(
            await ContainerAsync(cancellationToken).ConfigureAwait(false),
            new DigestDueDocument { Id = DigestDueDocument.DocumentId, UserId = userId, DueAt = dueAt.ToUnixTimeSeconds() },
            userId,
            cancellationToken).ConfigureAwait(false);

    /// <summary>Cross-partition, like the active-user page: only the due users' small documents are read.</summary>
    public async Task<IReadOnlyList<string>> ListDigestDueAsync(DateTimeOffset now, string? afterUserId, int take, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        if (take <= 0)
        {
            return ids;
        }

        var container = await ContainerAsync(cancellationToken).ConfigureAwait(false);
        var query = new QueryDefinition(
                "SELECT c.userId FROM c WHERE c.type = @type AND c.dueAt <= @now AND (IS_NULL(@after) OR c.userId > @after) ORDER BY c.userId")
            .WithParameter("@type", DigestDueDocument.DigestDueType)
            .WithParameter("@now", now.ToUnixTimeSeconds())
            .WithParameter("@after", afterUserId);
        using var iterator = container.GetItemQueryIterator<DigestDueRow>(query, requestOptions: new QueryRequestOptions { MaxItemCount = Math.Min(take, 1000) });
        while (iterator.HasMoreResults && ids.Count < take)
        {
            foreach (var row in await iterator.ReadNextAsync(cancellationToken).ConfigureAwait(false))
            {
                ids.Add(row.UserId);
            }
        }

        return ids.Count > take ? ids.GetRange(0, take) : ids;
    }

    public async Task<bool> TryMarkSentAsync(string userId, string key, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var document = new SentMarkDocument
        {
            Id = "sent:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))),
            UserId = userId,
            Key = key,
            SentAt = CosmosJson.Time(at),
        };
        return await TryCreateAsync(await ContainerAsync(cancellationToken).ConfigureAwait(false), document, userId, cancellationToken).ConfigureAwait(false);
    }

    private Task<Container> ContainerAsync(CancellationToken cancellationToken) => database.ContainerAsync(ContainerDefinitions.Notifications, cancellationToken);

    private static TimeOnly? ParseTimeOfDay(string? text) => text is null ? null : TimeOnly.ParseExact(text, TimeFormat, CultureInfo.InvariantCulture);

    private static NotificationDocument ToDocument(Notification n) => new()
    {
        Id = n.Id,
        UserId = n.UserId,
        DedupeKey = n.DedupeKey,
        Kind = n.Kind,
        Title = n.Title,
        Body = n.Body,
        Link = n.Link,
        InsightRef = n.InsightRef,
        CreatedAt = CosmosJson.Time(n.CreatedAt),
        ReadAt = CosmosJson.Time(n.ReadAt),
        Read = n.ReadAt is not null,
        DigestedAt = CosmosJson.Time(n.DigestedAt),
        Digested = n.DigestedAt is not null,
    };

    private static Notification ToNotification(NotificationDocument d) => new()
    {
        Id = d.Id,
        UserId = d.UserId,
        DedupeKey = d.DedupeKey,
        Kind = d.Kind,
        Title = d.Title,
        Body = d.Body,
        Link = d.Link,
        InsightRef = d.InsightRef,
        CreatedAt = CosmosJson.ParseTime(d.CreatedAt),
        ReadAt = CosmosJson.ParseTime(d.ReadAt, nullable: true),
        DigestedAt = CosmosJson.ParseTime(d.DigestedAt, nullable: true),
    };
}
