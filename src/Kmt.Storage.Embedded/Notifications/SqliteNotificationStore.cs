using System.Text.Json;
using Kmt.Core.Notifications;
using Kmt.Storage.Embedded.Sqlite;
using Microsoft.Data.Sqlite;

namespace Kmt.Storage.Embedded.Notifications;

/// <summary>
/// Notifications, notification_preferences (the record as JSON with its ETag), push_subscriptions and
/// notification_sent, all keyed by user_id first. Adds are INSERT ... ON CONFLICT DO NOTHING, so a retry
/// changes nothing.
/// </summary>
public sealed class SqliteNotificationStore(SqliteDatabase database) : INotificationStore
{
    private const string Columns = "id, user_id, dedupe_key, kind, title, body, link, insight_ref, created_at, read_at, digested_at";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<bool> TryAddAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return await ExecuteAsync(
            $"INSERT INTO notifications ({Columns}) VALUES (@id, @u, @key, @kind, @title, @body, @link, @ref, @created, @read, @digested) ON CONFLICT DO NOTHING",
            c => c.Param("@id", notification.Id).Param("@u", notification.UserId).Param("@key", notification.DedupeKey).Param("@kind", notification.Kind)
                .Param("@title", notification.Title).Param("@body", notification.Body).Param("@link", notification.Link).Param("@ref", notification.InsightRef)
                .Param("@created", SqliteValues.Time(notification.CreatedAt)).Param("@read", SqliteValues.Time(notification.ReadAt))
                .Param("@digested", SqliteValues.Time(notification.DigestedAt)),
            cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<Notification?> GetAsync(string userId, string id, CancellationToken cancellationToken) =>
        (await QueryAsync($"SELECT {Columns} FROM notifications WHERE user_id = @u AND id = @id", c => c.Param("@u", userId).Param("@id", id), cancellationToken).ConfigureAwait(false))
            .FirstOrDefault();

    public Task<IReadOnlyList<Notification>> ListAsync(string userId, bool unreadOnly, int skip, int take, CancellationToken cancellationToken) =>
        QueryAsync(
            $"SELECT {Columns} FROM notifications WHERE user_id = @u {(unreadOnly ? "AND read_at IS NULL" : "")} ORDER BY created_at DESC, id DESC LIMIT @take OFFSET @skip",
            c => c.Param("@u", userId).Param("@take", Math.Max(0, take)).Param("@skip", Math.Max(0, skip)),
            cancellationToken);

    public async Task<long> CountAsync(string userId, bool unreadOnly, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM notifications WHERE user_id = @u {(unreadOnly ? "AND read_at IS NULL" : "")}";
        command.Param("@u", userId);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<bool> MarkReadAsync(string userId, string id, DateTimeOffset at, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "UPDATE notifications SET read_at = COALESCE(read_at, @at) WHERE user_id = @u AND id = @id",
            c => c.Param("@u", userId).Param("@id", id).Param("@at", SqliteValues.Time(at)),
            cancellationToken).ConfigureAwait(false) == 1;

    public Task<int> MarkAllReadAsync(string userId, DateTimeOffset at, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE notifications SET read_at = @at WHERE user_id = @u AND read_at IS NULL", c => c.Param("@u", userId).Param("@at", SqliteValues.Time(at)), cancellationToken);

    public Task<IReadOnlyList<Notification>> ListUndigestedAsync(string userId, int take, CancellationToken cancellationToken) =>
        QueryAsync(
            $"SELECT {Columns} FROM notifications WHERE user_id = @u AND digested_at IS NULL ORDER BY created_at, id LIMIT @take",
            c => c.Param("@u", userId).Param("@take", Math.Max(0, take)),
            cancellationToken);

    public async Task MarkDigestedAsync(string userId, IReadOnlyList<string> ids, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        foreach (var id in ids)
        {
            await ExecuteAsync(
                "UPDATE notifications SET digested_at = COALESCE(digested_at, @at) WHERE user_id = @u AND id = @id",
                c => c.Param("@u", userId).Param("@id", id).Param("@at", SqliteValues.Time(at)),
                cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<NotificationPreferences?> GetPreferencesAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT preferences, etag FROM notification_preferences WHERE user_id = @u";
        command.Param("@u", userId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var stored = JsonSerializer.Deserialize<NotificationPreferences>(reader.GetString(0), Json)!;
        return stored with { UserId = userId, ETag = reader.GetString(1) };
    }

    public async Task<bool> SavePreferencesAsync(NotificationPreferences preferences, string? expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(preferences);
        var json = JsonSerializer.Serialize(preferences with { ETag = null }, Json);
        var etag = preferences.ETag ?? throw new ArgumentException("Preferences are saved with a new ETag.", nameof(preferences));
        var sql = expectedETag is null
            ? "INSERT INTO notification_preferences (user_id, preferences, etag) VALUES (@u, @p, @e) ON CONFLICT (user_id) DO UPDATE SET preferences = excluded.preferences, etag = excluded.etag"
            : "UPDATE notification_preferences SET preferences = @p, etag = @e WHERE user_id = @u AND etag = @expected";
        return await ExecuteAsync(sql, c => c.Param("@u", preferences.UserId).Param("@p", json).Param("@e", etag).Param("@expected", expectedETag), cancellationToken).ConfigureAwait(false) == 1;
    }

    public Task SavePushSubscriptionAsync(PushSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return ExecuteAsync(
            """
            INSERT INTO push_subscriptions (user_id, id, endpoint, p256dh, auth, created_at) VALUES (@u, @id, @endpoint, @p256dh, @auth, @created)
            ON CONFLICT (user_id, id) DO UPDATE SET endpoint = excluded.endpoint, p256dh = excluded.p256dh, auth = excluded.auth, created_at = excluded.created_at
            """,
            c => c.Param("@u", subscription.UserId).Param("@id", subscription.Id).Param("@endpoint", subscription.Endpoint).Param("@p256dh", subscription.P256dh)
                .Param("@auth", subscription.Auth).Param("@created", SqliteValues.Time(subscription.CreatedAt)),
            cancellationToken);
    }

    public async Task<IReadOnlyList<PushSubscription>> ListPushSubscriptionsAsync(string userId, CancellationToken cancellationToken)
    {
        var subscriptions = new List<PushSubscription>();
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, endpoint, p256dh, auth, created_at FROM push_subscriptions WHERE user_id = @u ORDER BY created_at, id";
        command.Param("@u", userId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            subscriptions.Add(new PushSubscription
            {
                Id = reader.GetString(0), UserId = userId, Endpoint = reader.GetString(1), P256dh = reader.GetString(2), Auth = reader.GetString(3), CreatedAt = reader.GetTime(4),
            });
        }

        return subscriptions;
    }

    public async Task<bool> DeletePushSubscriptionAsync(string userId, string id, CancellationToken cancellationToken) =>
        await ExecuteAsync("DELETE FROM push_subscriptions WHERE user_id = @u AND id = @id", c => c.Param("@u", userId).Param("@id", id), cancellationToken).ConfigureAwait(false) == 1;

    public async Task<bool> TryMarkSentAsync(string userId, string key, DateTimeOffset at, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "INSERT INTO notification_sent (user_id, key, sent_at) VALUES (@u, @key, @at) ON CONFLICT DO NOTHING",
            c => c.Param("@u", userId).Param("@key", key).Param("@at", SqliteValues.Time(at)),
            cancellationToken).ConfigureAwait(false) == 1;

    public async Task SetDigestDueAsync(string userId, DateTimeOffset? dueAt, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            dueAt is null
                ? "DELETE FROM notification_digest_due WHERE user_id = @u"
                : "INSERT INTO notification_digest_due (user_id, due_at) VALUES (@u, @due) ON CONFLICT (user_id) DO UPDATE SET due_at = excluded.due_at",
            c => c.Param("@u", userId).Param("@due", dueAt?.ToUnixTimeSeconds()),
            cancellationToken).ConfigureAwait(false);

    public async Task AddDigestDueAsync(string userId, DateTimeOffset dueAt, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "INSERT INTO notification_digest_due (user_id, due_at) VALUES (@u, @due) ON CONFLICT DO NOTHING",
            c => c.Param("@u", userId).Param("@due", dueAt.ToUnixTimeSeconds()),
            cancellationToken).ConfigureAwait(false);

    /// <summary>The due index (due_at, user_id) finds the due users without visiting the others.</summary>
    public async Task<IReadOnlyList<string>> ListDigestDueAsync(DateTimeOffset now, string? afterUserId, int take, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT user_id FROM notification_digest_due
            WHERE due_at <= @now AND (@after IS NULL OR user_id > @after) ORDER BY user_id LIMIT @take
            """;
        command.Param("@now", now.ToUnixTimeSeconds()).Param("@after", afterUserId).Param("@take", Math.Max(0, take));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var ids = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private async Task<int> ExecuteAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<Notification>> QueryAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        var notifications = new List<Notification>();
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            notifications.Add(new Notification
            {
                Id = reader.GetString(0),
                UserId = reader.GetString(1),
                DedupeKey = reader.GetString(2),
                Kind = reader.GetString(3),
                Title = reader.GetString(4),
                Body = reader.GetString(5),
                Link = reader.GetNullableString(6),
                InsightRef = reader.GetNullableString(7),
                CreatedAt = reader.GetTime(8),
                ReadAt = reader.GetNullableTime(9),
                DigestedAt = reader.GetNullableTime(10),
            });
        }

        return notifications;
    }
}
