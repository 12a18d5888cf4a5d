using Kmt.Core.Analytics;
using Kmt.Storage.Embedded.Analytics;
using Kmt.Storage.Embedded.Sqlite;
using Microsoft.Data.Sqlite;

namespace Kmt.Storage.Embedded.Tests;

/// <summary>
/// Migration 27 builds the day rows from the hours stored before it (docs/design/person-view.md,
/// "Analytics"), so a person's long-period read is right from the first request after the upgrade.
/// </summary>
public sealed class LearningDaysMigrationTests : TestDatabase
{
    [Fact]
    public async Task Hours_stored_before_the_migration_become_the_day_rows_the_store_itself_would_write()
    {
        var ct = CancellationToken.None;
        var day = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
        LearningMetricsHour[] hours =
        [
            new() { UserId = "u1", Hour = day.AddHours(1), ItemsCaptured = 2, ItemsRead = 2, ItemsCompleted = 1, ReadingSeconds = 100, WordsRead = 500, CompletionSum = 0.1 + 0.2, Searches = 1,
                    ContentTypes = new Dictionary<string, int> { ["note"] = 2 }, Sources = new Dictionary<string, int> { ["web"] = 2 }, Tags = new Dictionary<string, int> { ["a"] = 2, ["Ünï \"q\""] = 1 } },
            new() { UserId = "u1", Hour = day.AddHours(9), ItemsCaptured = 1, ItemsRead = 1, ReadingSeconds = 70, CompletionSum = 100.0 / 3,
                    ContentTypes = new Dictionary<string, int> { ["note"] = 1, ["pdf"] = 1 }, Tags = new Dictionary<string, int> { ["a"] = 1 } },
            new() { UserId = "u1", Hour = day.AddHours(23), Searches = 4 },
            new() { UserId = "u1", Hour = day.AddDays(1).AddHours(5), ItemsCaptured = 1, Tags = new Dictionary<string, int> { ["b"] = 1 } },
            new() { UserId = "u2", Hour = day.AddHours(2), ItemsRead = 3, ReadingSeconds = 30, WordsRead = 10, CompletionSum = 270.25 },
        ];

        // A database as the version before left it, hours written by that version's store.
        System.IO.Directory.CreateDirectory(Directory);
        await using (var connection = new SqliteConnection($"Data Source={Database.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync(ct);
            var previous = Migrations.All.Where(m => m.Version < 27).ToList();
            foreach (var (_, sql) in previous)
            {
                await ExecuteAsync(connection, sql, ct);
            }

            await ExecuteAsync(connection, $"PRAGMA user_version = {previous[^1].Version};", ct);
            await using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO learning_metrics (user_id, hour, items_captured, items_read, items_completed, reading_seconds, words_read, completion_sum, searches, content_types, sources, tags)
                VALUES (@u, @h, @c, @r, @done, @s, @w, @cs, @q, @types, @sources, @tags)
                """;
            foreach (var h in hours)
            {
                insert.Parameters.Clear();
                insert.Parameters.AddWithValue("@u", h.UserId);
                insert.Parameters.AddWithValue("@h", h.Hour.ToUnixTimeSeconds());
                insert.Parameters.AddWithValue("@c", h.ItemsCaptured);
                insert.Parameters.AddWithValue("@r", h.ItemsRead);
                insert.Parameters.AddWithValue("@done", h.ItemsCompleted);
                insert.Parameters.AddWithValue("@s", h.ReadingSeconds);
                insert.Parameters.AddWithValue("@w", h.WordsRead);
                insert.Parameters.AddWithValue("@cs", h.CompletionSum);
                insert.Parameters.AddWithValue("@q", h.Searches);
                insert.Parameters.AddWithValue("@types", Json(h.ContentTypes));
                insert.Parameters.AddWithValue("@sources", Json(h.Sources));
                insert.Parameters.AddWithValue("@tags", Json(h.Tags));
                await insert.ExecuteNonQueryAsync(ct);
            }
        }

        var store = new SqliteLearningMetricsStore(Database); // its first connection applies migration 27
        var plan = LearningMetricsReadPlan.For(AnalyticsPeriod.Parse("2025-03-01", "2025-03-31", "month", "UTC", null, day.AddDays(60), 400));

        foreach (var user in new[] { "u1", "u2" })
        {
            var expected = LearningMetricsDays.FromHours(user, hours.Where(h => h.UserId == user));
            var read = await store.ReadAsync(user, plan, ct);

            Assert.Equal(expected.Select(d => d.Day), read.Days.Select(d => d.Day));
            foreach (var (e, a) in expected.Zip(read.Days))
            {
                Assert.Equal(e with { HourReads = a.HourReads, ContentTypes = a.ContentTypes, Sources = a.Sources, Tags = a.Tags }, a);
                Assert.Equal(e.HourReads, a.HourReads); // completion sums bit for bit
                Assert.Equal(e.ContentTypes.OrderBy(p => p.Key), a.ContentTypes.OrderBy(p => p.Key));
                Assert.Equal(e.Sources.OrderBy(p => p.Key), a.Sources.OrderBy(p => p.Key));
                Assert.Equal(e.Tags.OrderBy(p => p.Key), a.Tags.OrderBy(p => p.Key));
            }
        }
    }

    private static object Json(IReadOnlyDictionary<string, int> counts) => counts.Count == 0 ? DBNull.Value : System.Text.Json.JsonSerializer.Serialize(counts);

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }
}
