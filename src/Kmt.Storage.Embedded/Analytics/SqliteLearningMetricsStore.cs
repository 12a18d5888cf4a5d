using System.Text.Json;
using Kmt.Core.Analytics;
using Kmt.Storage.Embedded.Sqlite;
using Microsoft.Data.Sqlite;

namespace Kmt.Storage.Embedded.Analytics;

/// <summary>
/// learning_metrics: one row per person and UTC hour (hour as Unix seconds, so a range is an integer
/// range on the key); learning_activity_days: the day projection streaks read (day as Unix days),
/// changed in the same transaction as the hours.
/// </summary>
public sealed class SqliteLearningMetricsStore(SqliteDatabase database) : ILearningMetricsStore
{
    private static readonly DateOnly UnixEpoch = new(1970, 1, 1);

    private const string Columns =
        "user_id, hour, items_captured, items_read, items_completed, reading_seconds, words_read, completion_sum, searches, content_types, sources, tags";

    public async Task ReplaceRangeAsync(string userId, DateTimeOffset fromUtc, DateTimeOffset toUtc, IReadOnlyList<LearningMetricsHour> hours, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using (var delete = connection.CreateCommand())
        {
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM learning_metrics WHERE user_id = @u AND hour >= @from AND hour < @to";
            delete.Param("@u", userId).Param("@from", fromUtc.ToUnixTimeSeconds()).Param("@to", toUtc.ToUnixTimeSeconds());
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO learning_metrics ({Columns}) VALUES (@u, @hour, @captured, @read, @completed, @seconds, @words, @completion, @searches, @types, @sources, @tags)";
        insert.Param("@u", userId);
        var hour = insert.Parameters.Add("@hour", SqliteType.Integer);
        var captured = insert.Parameters.Add("@captured", SqliteType.Integer);
        var read = insert.Parameters.Add("@read", SqliteType.Integer);
        var completed = insert.Parameters.Add("@completed", SqliteType.Integer);
        var seconds = insert.Parameters.Add("@seconds", SqliteType.Integer);
        var words = insert.Parameters.Add("@words", SqliteType.Integer);
        var completion = insert.Parameters.Add("@completion", SqliteType.Real);
        var searches = insert.Parameters.Add("@searches", SqliteType.Integer);
        var types = insert.Parameters.Add("@types", SqliteType.Text);
        var sources = insert.Parameters.Add("@sources", SqliteType.Text);
        var tags = insert.Parameters.Add("@tags", SqliteType.Text);
        foreach (var h in hours)
        {
            if (h.Hour < fromUtc || h.Hour >= toUtc)
            {
                throw new ArgumentException($"Hour {h.Hour:O} is outside the range being replaced.", nameof(hours));
            }

            hour.Value = h.Hour.ToUnixTimeSeconds();
            captured.Value = h.ItemsCaptured;
            read.Value = h.ItemsRead;
            completed.Value = h.ItemsCompleted;
            seconds.Value = h.ReadingSeconds;
            words.Value = h.WordsRead;
            completion.Value = h.CompletionSum;
            searches.Value = h.Searches;
            types.Value = Json(h.ContentTypes);
            sources.Value = Json(h.Sources);
            tags.Value = Json(h.Tags);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await ReplaceActivityAsync(connection, transaction, userId, fromUtc, toUtc, hours, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<LearningActivityDay>> ListActivityAsync(string userId, DateOnly firstUtcDay, DateOnly lastUtcDay, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadActivityAsync(connection, null, userId, firstUtcDay, lastUtcDay, cancellationToken).ConfigureAwait(false);
    }

    private static async Task ReplaceActivityAsync(
        SqliteConnection connection, SqliteTransaction transaction, string userId, DateTimeOffset fromUtc, DateTimeOffset toUtc, IReadOnlyList<LearningMetricsHour> hours, CancellationToken cancellationToken)
    {
        var (first, last) = LearningActivityDays.DaySpan(fromUtc, toUtc);
        var existing = await ReadActivityAsync(connection, transaction, userId, first, last, cancellationToken).ConfigureAwait(false);
        var changed = LearningActivityDays.Replace(existing, fromUtc, toUtc, hours);
        if (changed.Count == 0)
        {
            return;
        }

        await using var upsert = connection.CreateCommand();
        upsert.Transaction = transaction;
        upsert.CommandText = "INSERT INTO learning_activity_days (user_id, day, hour_mask) VALUES (@u, @day, @mask) ON CONFLICT (user_id, day) DO UPDATE SET hour_mask = excluded.hour_mask";
        upsert.Param("@u", userId);
        var upsertDay = upsert.Parameters.Add("@day", SqliteType.Integer);
        var upsertMask = upsert.Parameters.Add("@mask", SqliteType.Integer);
        await using var delete = connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = "DELETE FROM learning_activity_days WHERE user_id = @u AND day = @day";
        delete.Param("@u", userId);
        var deleteDay = delete.Parameters.Add("@day", SqliteType.Integer);
        foreach (var day in changed)
        {
            if (day.HourMask == 0)
            {
                deleteDay.Value = UnixDay(day.Day);
                await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                upsertDay.Value = UnixDay(day.Day);
                upsertMask.Value = day.HourMask;
                await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<IReadOnlyList<LearningActivityDay>> ReadActivityAsync(
        SqliteConnection connection, SqliteTransaction? transaction, string userId, DateOnly first, DateOnly last, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT day, hour_mask FROM learning_activity_days WHERE user_id = @u AND day >= @first AND day <= @last ORDER BY day";
        command.Param("@u", userId).Param("@first", UnixDay(first)).Param("@last", UnixDay(last));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var days = new List<LearningActivityDay>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            days.Add(new LearningActivityDay(UnixEpoch.AddDays(checked((int)reader.GetInt64(0))), reader.GetInt32(1)));
        }

        return days;
    }

    private static long UnixDay(DateOnly day) => day.DayNumber - UnixEpoch.DayNumber;

    public async Task<IReadOnlyList<LearningMetricsHour>> ListAsync(string userId, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM learning_metrics WHERE user_id = @u AND hour >= @from AND hour < @to ORDER BY hour";
        command.Param("@u", userId).Param("@from", fromUtc.ToUnixTimeSeconds()).Param("@to", toUtc.ToUnixTimeSeconds());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<LearningMetricsHour>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new LearningMetricsHour
            {
                UserId = reader.GetString(0),
                Hour = DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(1)),
                ItemsCaptured = reader.GetInt32(2),
                ItemsRead = reader.GetInt32(3),
                ItemsCompleted = reader.GetInt32(4),
                ReadingSeconds = reader.GetInt64(5),
                WordsRead = reader.GetInt64(6),
                CompletionSum = reader.GetDouble(7),
                Searches = reader.GetInt32(8),
                ContentTypes = Counts(reader, 9),
                Sources = Counts(reader, 10),
                Tags = Counts(reader, 11),
            });
        }

        return list;
    }

    private static object Json(IReadOnlyDictionary<string, int> counts) => counts.Count == 0 ? DBNull.Value : JsonSerializer.Serialize(counts);

    private static Dictionary<string, int> Counts(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? [] : JsonSerializer.Deserialize<Dictionary<string, int>>(reader.GetString(ordinal)) ?? [];
}
