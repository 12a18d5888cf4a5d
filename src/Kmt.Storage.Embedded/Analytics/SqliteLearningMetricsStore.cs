using System.Text.Json;
using Kmt.Core.Analytics;
using Kmt.Storage.Embedded.Sqlite;
using Microsoft.Data.Sqlite;

namespace Kmt.Storage.Embedded.Analytics;

/// <summary>
/// learning_metrics: one row per person and UTC hour (hour as Unix seconds, so a range is an integer
/// range on the key); learning_metrics_days: the fold of each UTC day's hours that long periods read
/// (day as Unix days, rebuilt for every day a replace touches); learning_activity_days: the day
/// projection streaks read. All three change in one transaction, and migration 27 built the day rows
/// from the hours stored before it, so this store always holds every day row.
/// </summary>
public sealed class SqliteLearningMetricsStore(SqliteDatabase database) : ILearningMetricsStore
{
    private static readonly DateOnly UnixEpoch = new(1970, 1, 1);

    private const string DayColumns =
        "day, items_captured, items_read, items_completed, reading_seconds, words_read, seconds_with_words, searches, hour_reads, content_types, sources, tags";

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
        await ReplaceDaysAsync(connection, transaction, userId, fromUtc, toUtc, hours, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<LearningMetricsRead> ReadAsync(string userId, LearningMetricsReadPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var days = new List<LearningMetricsDay>();
        if (plan.WholeDays.Count > 0)
        {
            // One range read over the whole days' span; the few cut days inside it are skipped here.
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {DayColumns} FROM learning_metrics_days WHERE user_id = @u AND day >= @first AND day <= @last ORDER BY day";
            command.Param("@u", userId).Param("@first", UnixDay(plan.WholeDays[0])).Param("@last", UnixDay(plan.WholeDays[^1]));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var day = UnixEpoch.AddDays(checked((int)reader.GetInt64(0)));
                if (plan.IsWholeDay(day))
                {
                    days.Add(ReadDay(reader, userId, day));
                }
            }
        }

        // One statement for every range (a week's cut days are about a hundred short ranges over two years).
        var hours = new List<LearningMetricsHour>();
        await using var range = HoursCommand(connection, null, userId);
        foreach (var (from, to) in plan.HourRanges)
        {
            await ReadHoursAsync(range, from, to, hours, cancellationToken).ConfigureAwait(false);
        }

        return new LearningMetricsRead(days, hours);
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

    private static async Task ReplaceDaysAsync(
        SqliteConnection connection, SqliteTransaction transaction, string userId, DateTimeOffset fromUtc, DateTimeOffset toUtc, IReadOnlyList<LearningMetricsHour> hours, CancellationToken cancellationToken)
    {
        var edges = new List<LearningMetricsHour>();
        foreach (var (from, to) in LearningMetricsDays.EdgeRanges(fromUtc, toUtc))
        {
            edges.AddRange(await ReadHoursAsync(connection, transaction, userId, from, to, cancellationToken).ConfigureAwait(false));
        }

        var (first, last) = LearningActivityDays.DaySpan(fromUtc, toUtc);
        await using (var delete = connection.CreateCommand())
        {
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM learning_metrics_days WHERE user_id = @u AND day >= @first AND day <= @last";
            delete.Param("@u", userId).Param("@first", UnixDay(first)).Param("@last", UnixDay(last));
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO learning_metrics_days (user_id, {DayColumns}) VALUES (@u, @day, @captured, @read, @completed, @seconds, @words, @withWords, @searches, @reads, @types, @sources, @tags)";
        insert.Param("@u", userId);
        var day = insert.Parameters.Add("@day", SqliteType.Integer);
        var captured = insert.Parameters.Add("@captured", SqliteType.Integer);
        var read = insert.Parameters.Add("@read", SqliteType.Integer);
        var completed = insert.Parameters.Add("@completed", SqliteType.Integer);
        var seconds = insert.Parameters.Add("@seconds", SqliteType.Integer);
        var words = insert.Parameters.Add("@words", SqliteType.Integer);
        var withWords = insert.Parameters.Add("@withWords", SqliteType.Integer);
        var searches = insert.Parameters.Add("@searches", SqliteType.Integer);
        var reads = insert.Parameters.Add("@reads", SqliteType.Text);
        var types = insert.Parameters.Add("@types", SqliteType.Text);
        var sources = insert.Parameters.Add("@sources", SqliteType.Text);
        var tags = insert.Parameters.Add("@tags", SqliteType.Text);
        foreach (var d in LearningMetricsDays.Replace(userId, fromUtc, toUtc, edges, hours))
        {
            day.Value = UnixDay(d.Day);
            captured.Value = d.ItemsCaptured;
            read.Value = d.ItemsRead;
            completed.Value = d.ItemsCompleted;
            seconds.Value = d.ReadingSeconds;
            words.Value = d.WordsRead;
            withWords.Value = d.ReadingSecondsWithWords;
            searches.Value = d.Searches;
            reads.Value = HourReadsJson(d.HourReads);
            types.Value = Json(d.ContentTypes);
            sources.Value = Json(d.Sources);
            tags.Value = Json(d.Tags);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static LearningMetricsDay ReadDay(SqliteDataReader reader, string userId, DateOnly day) => new()
    {
        UserId = userId,
        Day = day,
        ItemsCaptured = reader.GetInt32(1),
        ItemsRead = reader.GetInt32(2),
        ItemsCompleted = reader.GetInt32(3),
        ReadingSeconds = reader.GetInt64(4),
        WordsRead = reader.GetInt64(5),
        ReadingSecondsWithWords = reader.GetInt64(6),
        Searches = reader.GetInt32(7),
        HourReads = reader.IsDBNull(8) ? [] : HourReads(reader.GetString(8)),
        ContentTypes = Counts(reader, 9),
        Sources = Counts(reader, 10),
        Tags = Counts(reader, 11),
    };

    /// <summary>[[hour, sessions, completion sum], ...]: doubles written shortest-round-trip, so they read back bit for bit.</summary>
    private static object HourReadsJson(IReadOnlyList<LearningHourReads> reads)
    {
        if (reads.Count == 0)
        {
            return DBNull.Value;
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var r in reads)
            {
                writer.WriteStartArray();
                writer.WriteNumberValue(r.Hour);
                writer.WriteNumberValue(r.Count);
                writer.WriteNumberValue(r.CompletionSum);
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static List<LearningHourReads> HourReads(string json)
    {
        using var document = JsonDocument.Parse(json);
        var reads = new List<LearningHourReads>(document.RootElement.GetArrayLength());
        foreach (var r in document.RootElement.EnumerateArray())
        {
            reads.Add(new LearningHourReads(r[0].GetInt32(), r[1].GetInt32(), r[2].GetDouble()));
        }

        return reads;
    }

    private static long UnixDay(DateOnly day) => day.DayNumber - UnixEpoch.DayNumber;

    public async Task<IReadOnlyList<LearningMetricsHour>> ListAsync(string userId, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadHoursAsync(connection, null, userId, fromUtc, toUtc, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<LearningMetricsHour>> ReadHoursAsync(
        SqliteConnection connection, SqliteTransaction? transaction, string userId, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken)
    {
        await using var command = HoursCommand(connection, transaction, userId);
        var list = new List<LearningMetricsHour>();
        await ReadHoursAsync(command, fromUtc, toUtc, list, cancellationToken).ConfigureAwait(false);
        return list;
    }

    private static SqliteCommand HoursCommand(SqliteConnection connection, SqliteTransaction? transaction, string userId)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {Columns} FROM learning_metrics WHERE user_id = @u AND hour >= @from AND hour < @to ORDER BY hour";
        command.Param("@u", userId);
        command.Parameters.Add("@from", SqliteType.Integer);
        command.Parameters.Add("@to", SqliteType.Integer);
        return command;
    }

    private static async Task ReadHoursAsync(SqliteCommand command, DateTimeOffset fromUtc, DateTimeOffset toUtc, List<LearningMetricsHour> into, CancellationToken cancellationToken)
    {
        command.Parameters["@from"].Value = fromUtc.ToUnixTimeSeconds();
        command.Parameters["@to"].Value = toUtc.ToUnixTimeSeconds();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            into.Add(new LearningMetricsHour
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
    }

    private static object Json(IReadOnlyDictionary<string, int> counts) => counts.Count == 0 ? DBNull.Value : JsonSerializer.Serialize(counts);

    private static Dictionary<string, int> Counts(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? [] : JsonSerializer.Deserialize<Dictionary<string, int>>(reader.GetString(ordinal)) ?? [];
}
