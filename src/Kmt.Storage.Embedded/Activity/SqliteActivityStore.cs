using System.Globalization;
using System.Text.Json;
using Kmt.Core.Activity;
using Kmt.Storage.Embedded.Sqlite;
using Microsoft.Data.Sqlite;

namespace Kmt.Storage.Embedded.Activity;

/// <summary>Tracked events (user_activities) and reading sessions (reading_sessions).</summary>
public sealed class SqliteActivityStore(SqliteDatabase database) : IActivityStore
{
    private const string ActivityColumns =
        "user_id, id, activity_type, entity_type, entity_id, duration_seconds, metadata, occurred_at, created_at";

    private const string SessionColumns =
        "user_id, id, knowledge_item_id, start_time, end_time, duration_seconds, completion_percentage, reading_speed_wpm, created_at, updated_at";

    public async Task<int> AddAsync(string userId, IReadOnlyList<UserActivity> activities, CancellationToken cancellationToken)
    {
        if (activities.Count == 0)
        {
            return 0;
        }

        await using var write = await database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var (connection, transaction) = write;
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            INSERT OR IGNORE INTO user_activities ({ActivityColumns})
            VALUES (@u, @id, @type, @entityType, @entityId, @duration, @metadata, @occurred, @created)
            """;
        command.Param("@u", userId);
        var id = command.Parameters.Add("@id", SqliteType.Text);
        var type = command.Parameters.Add("@type", SqliteType.Text);
        var entityType = command.Parameters.Add("@entityType", SqliteType.Text);
        var entityId = command.Parameters.Add("@entityId", SqliteType.Text);
        var duration = command.Parameters.Add("@duration", SqliteType.Integer);
        var metadata = command.Parameters.Add("@metadata", SqliteType.Text);
        var occurred = command.Parameters.Add("@occurred", SqliteType.Text);
        var created = command.Parameters.Add("@created", SqliteType.Text);
        var inserted = 0;
        foreach (var activity in activities)
        {
            // The partition is the userId argument, whatever the event says.
            id.Value = activity.Id;
            type.Value = activity.ActivityType;
            entityType.Value = (object?)activity.EntityType ?? DBNull.Value;
            entityId.Value = (object?)activity.EntityId ?? DBNull.Value;
            duration.Value = (object?)activity.DurationSeconds ?? DBNull.Value;
            metadata.Value = activity.MetadataJson;
            occurred.Value = SqliteValues.Time(activity.OccurredAt);
            created.Value = SqliteValues.Time(activity.CreatedAt);
            inserted += await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return inserted;
    }

    /// <summary>The user's events that occurred at or after <paramref name="since"/>, newest first, at most <paramref name="take"/>.</summary>
    public Task<IReadOnlyList<UserActivity>> ListAsync(string userId, DateTimeOffset? since, int take, CancellationToken cancellationToken) =>
        QueryActivitiesAsync(
            "user_id = @u AND (@since IS NULL OR occurred_at >= @since) ORDER BY occurred_at DESC, id DESC LIMIT @take",
            c => c.Param("@u", userId).Param("@since", SqliteValues.Time(since)).Param("@take", Math.Max(0, take)),
            cancellationToken);

    private async Task<IReadOnlyList<UserActivity>> QueryActivitiesAsync(string whereAndOrder, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {ActivityColumns} FROM user_activities WHERE {whereAndOrder}";
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<UserActivity>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new UserActivity
            {
                UserId = reader.GetString(0),
                Id = reader.GetString(1),
                ActivityType = reader.GetString(2),
                EntityType = reader.GetNullableString(3),
                EntityId = reader.GetNullableString(4),
                DurationSeconds = reader.GetNullableInt32(5),
                MetadataJson = reader.GetString(6),
                OccurredAt = reader.GetTime(7),
                CreatedAt = reader.GetTime(8),
            });
        }

        return list;
    }

    public Task<IReadOnlyList<UserActivity>> ListRangeAsync(string userId, DateTimeOffset from, DateTimeOffset to, ActivityPosition? after, int take, CancellationToken cancellationToken) =>
        QueryActivitiesAsync(
            """
            user_id = @u AND occurred_at >= @from AND occurred_at < @to
            AND (@afterAt IS NULL OR (occurred_at, id) > (@afterAt, @afterId))
            ORDER BY occurred_at, id LIMIT @take
            """,
            c => c.Param("@u", userId).Param("@from", SqliteValues.Time(from)).Param("@to", SqliteValues.Time(to))
                .Param("@afterAt", SqliteValues.Time(after?.OccurredAt)).Param("@afterId", after?.Id).Param("@take", Math.Max(0, take)),
            cancellationToken);

    public Task<IReadOnlyList<UserActivity>> ListExpiredAsync(DateTimeOffset before, int take, CancellationToken cancellationToken) =>
        QueryActivitiesAsync(
            "occurred_at < @before LIMIT @take",
            c => c.Param("@before", SqliteValues.Time(before)).Param("@take", Math.Max(0, take)),
            cancellationToken);

    public async Task DeleteActivitiesAsync(string userId, IReadOnlyCollection<string> activityIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activityIds);
        await using var write = await database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var (connection, transaction) = write;
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM user_activities WHERE user_id = @u AND id = @id";
        command.Param("@u", userId);
        var id = command.Parameters.Add("@id", SqliteType.Text);
        foreach (var activityId in activityIds)
        {
            id.Value = activityId;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<DailyActivityMetrics?> GetDailyMetricsAsync(string userId, DateOnly day, CancellationToken cancellationToken) =>
        (await QueryMetricsAsync("user_id = @u AND day = @day", userId, day, cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public async Task UpsertDailyMetricsAsync(DailyActivityMetrics metrics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO activity_daily_metrics (user_id, day, counts, created_at) VALUES (@u, @day, @counts, @created)
            ON CONFLICT (user_id, day) DO UPDATE SET counts = excluded.counts, created_at = excluded.created_at
            """;
        command.Param("@u", metrics.UserId).Param("@day", Day(metrics.Day)).Param("@counts", JsonSerializer.Serialize(metrics.Counts))
            .Param("@created", SqliteValues.Time(metrics.CreatedAt));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<DailyActivityMetrics>> ListDailyMetricsAsync(string userId, CancellationToken cancellationToken) =>
        QueryMetricsAsync("user_id = @u ORDER BY day", userId, null, cancellationToken);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<IReadOnlyList<DailyActivityMetrics>> QueryMetricsAsync(string where, string userId, DateOnly? day, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT user_id, day, counts, created_at FROM activity_daily_metrics WHERE {where}";
        command.Param("@u", userId).Param("@day", day is { } d ? Day(d) : null);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<DailyActivityMetrics>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new DailyActivityMetrics
            {
                UserId = reader.GetString(0),
                Day = DateOnly.ParseExact(reader.GetString(1), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                Counts = JsonSerializer.Deserialize<Dictionary<string, long>>(reader.GetString(2)) ?? [],
                CreatedAt = reader.GetTime(3),
            });
        }

        return list;
    }

    public async Task<ReadingSession?> FindOpenSessionAsync(string userId, string knowledgeItemId, CancellationToken cancellationToken)
    {
        var sessions = await QuerySessionsAsync(
            "user_id = @u AND knowledge_item_id = @item AND end_time IS NULL ORDER BY start_time DESC, id DESC LIMIT 1",
            userId, knowledgeItemId, null, cancellationToken).ConfigureAwait(false);
        return sessions.Count > 0 ? sessions[0] : null;
    }

    public async Task<ReadingSession?> GetSessionAsync(string userId, string sessionId, CancellationToken cancellationToken)
    {
        var sessions = await QuerySessionsAsync("user_id = @u AND id = @id", userId, null, sessionId, cancellationToken).ConfigureAwait(false);
        return sessions.Count > 0 ? sessions[0] : null;
    }

    public async Task UpsertSessionAsync(ReadingSession session, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO reading_sessions ({SessionColumns})
            VALUES (@u, @id, @item, @start, @end, @duration, @completion, @wpm, @created, @updated)
            ON CONFLICT (user_id, id) DO UPDATE SET
                knowledge_item_id = excluded.knowledge_item_id, start_time = excluded.start_time, end_time = excluded.end_time,
                duration_seconds = excluded.duration_seconds, completion_percentage = excluded.completion_percentage,
                reading_speed_wpm = excluded.reading_speed_wpm, updated_at = excluded.updated_at
            """;
        command.Param("@u", session.UserId).Param("@id", session.Id).Param("@item", session.KnowledgeItemId)
            .Param("@start", SqliteValues.Time(session.StartTime)).Param("@end", SqliteValues.Time(session.EndTime))
            .Param("@duration", session.DurationSeconds).Param("@completion", session.CompletionPercentage)
            .Param("@wpm", session.ReadingSpeedWpm).Param("@created", SqliteValues.Time(session.CreatedAt))
            .Param("@updated", SqliteValues.Time(session.UpdatedAt));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The user's sessions (of one item when given), latest start first.</summary>
    public Task<IReadOnlyList<ReadingSession>> ListSessionsAsync(string userId, string? knowledgeItemId, CancellationToken cancellationToken) =>
        QuerySessionsAsync(
            "user_id = @u AND (@item IS NULL OR knowledge_item_id = @item) ORDER BY start_time DESC, id DESC",
            userId, knowledgeItemId, null, cancellationToken);

    private async Task<IReadOnlyList<ReadingSession>> QuerySessionsAsync(string whereAndOrder, string userId, string? itemId, string? sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SessionColumns} FROM reading_sessions WHERE {whereAndOrder}";
        command.Param("@u", userId).Param("@item", itemId).Param("@id", sessionId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var sessions = new List<ReadingSession>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            sessions.Add(new ReadingSession
            {
                UserId = reader.GetString(0),
                Id = reader.GetString(1),
                KnowledgeItemId = reader.GetString(2),
                StartTime = reader.GetTime(3),
                EndTime = reader.GetNullableTime(4),
                DurationSeconds = reader.GetNullableInt32(5),
                CompletionPercentage = reader.GetDouble(6),
                ReadingSpeedWpm = reader.GetNullableInt32(7),
                CreatedAt = reader.GetTime(8),
                UpdatedAt = reader.GetTime(9),
            });
        }

        return sessions;
    }
}
