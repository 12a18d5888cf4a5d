using Microsoft.Data.Sqlite;

namespace Kmt.Storage.Embedded.Tests;

/// <summary>The migration that adds the streaks' day projection builds it from the hours already stored.</summary>
public sealed class ActivityDaysMigrationTests
{
    [Fact]
    public async Task Active_hours_stored_before_the_migration_become_day_masks()
    {
        var ct = CancellationToken.None;
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync(ct);
        var projection = Sqlite.Migrations.All.First(m => m.Sql.Contains("CREATE TABLE learning_activity_days", StringComparison.Ordinal));
        foreach (var (_, sql) in Sqlite.Migrations.All.Where(m => m.Version < projection.Version))
        {
            await ExecuteAsync(connection, sql, ct);
        }

        // Day 20,000 (Unix days): a capture at 00:00 and a read at 13:00; an hour with only searches is not
        // activity; another person's hour on day 20,001 at 23:00.
        const long day = 20_000L * 86_400;
        await ExecuteAsync(connection, $"""
            INSERT INTO learning_metrics (user_id, hour, items_captured, items_read, items_completed, reading_seconds, words_read, completion_sum, searches)
            VALUES ('u1', {day}, 1, 0, 0, 0, 0, 0, 0),
                   ('u1', {day + (13 * 3600)}, 0, 2, 0, 60, 300, 0.5, 0),
                   ('u1', {day + (15 * 3600)}, 0, 0, 0, 0, 0, 0, 4),
                   ('u2', {day + 86_400 + (23 * 3600)}, 0, 1, 0, 10, 50, 0, 0);
            """, ct);

        await ExecuteAsync(connection, projection.Sql, ct);

        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT user_id, day, hour_mask FROM learning_activity_days ORDER BY user_id, day";
        var rows = new List<(string, long, long)>();
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
            }
        }

        Assert.Equal([("u1", 20_000L, 1L | (1L << 13)), ("u2", 20_001L, 1L << 23)], rows);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }
}
