using System.Text.Json;
using Kmt.Core.Common;
using Kmt.Core.Insights;
using Kmt.Storage.Embedded.Sqlite;
using Microsoft.Data.Sqlite;

namespace Kmt.Storage.Embedded.Insights;

/// <summary>
/// Insight runs in insight_runs, their snapshots in insight_item_features (tags and access times
/// as JSON arrays) and scores in insight_importance, all keyed (user_id, run_id, ...); a save deletes the run's rows and inserts the
/// new set in one transaction, so a retried step leaves exactly one result.
/// </summary>
public sealed class SqliteInsightRunStore(SqliteDatabase database) : IInsightRunStore
{
    private const string RunColumns = "user_id, run_id, trigger, status, as_of, created_at, updated_at, completed_at, item_count, scored_count, error";

    public async Task<InsightRun> CreateRunAsync(InsightRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO insight_runs ({RunColumns}) VALUES (@u, @r, @trigger, @status, @asof, @created, @updated, @completed, @items, @scored, @error) ON CONFLICT DO NOTHING";
        Bind(command, run);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return await GetRunAsync(run.UserId, run.RunId, cancellationToken).ConfigureAwait(false) ?? run;
    }

    public async Task<InsightRun?> GetRunAsync(string userId, string runId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {RunColumns} FROM insight_runs WHERE user_id = @u AND run_id = @r";
        command.Param("@u", userId).Param("@r", runId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadRun(reader) : null;
    }

    /// <summary>Served by ix_insight_runs_run (run_id, user_id).</summary>
    public async Task<IReadOnlyList<InsightRun>> ListRunsAsync(string runId, string? status, string? afterUserId, int take, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {RunColumns} FROM insight_runs
            WHERE run_id = @r AND (@status IS NULL OR status = @status) AND (@after IS NULL OR user_id > @after)
            ORDER BY user_id LIMIT @take
            """;
        command.Param("@r", runId).Param("@status", status).Param("@after", afterUserId).Param("@take", Math.Max(0, take));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<InsightRun>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(ReadRun(reader));
        }

        return list;
    }

    public async Task UpdateRunAsync(InsightRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE insight_runs SET trigger = @trigger, status = @status, as_of = @asof, created_at = @created, updated_at = @updated,
                completed_at = @completed, item_count = @items, scored_count = @scored, error = @error
            WHERE user_id = @u AND run_id = @r
            """;
        Bind(command, run);
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw KmtException.NotFound("Insight run");
        }
    }

    public Task SaveFeaturesAsync(string userId, string runId, IReadOnlyList<ItemFeatures> features, CancellationToken cancellationToken) =>
        ReplaceRowsAsync("insight_item_features", "item_id, created_at, last_accessed_at, access_count, word_count, tags, access_times", "@i, @c, @a, @n, @w, @tags, @times", userId, runId, features,
            (command, f) => command.Param("@i", f.ItemId).Param("@c", SqliteValues.Time(f.CreatedAt)).Param("@a", SqliteValues.Time(f.LastAccessedAt)).Param("@n", f.AccessCount).Param("@w", f.WordCount)
                .Param("@tags", SqliteValues.TagsJson(f.Tags)).Param("@times", JsonSerializer.Serialize(f.AccessTimes.Select(t => t.ToUnixTimeMilliseconds()))),
            cancellationToken);

    public async Task<InsightRun?> GetLatestScoredRunAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {RunColumns} FROM insight_runs WHERE user_id = @u AND status = 'completed' AND scored_count IS NOT NULL ORDER BY completed_at DESC, run_id DESC LIMIT 1";
        command.Param("@u", userId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadRun(reader) : null;
    }

    public async Task<IReadOnlyList<ItemFeatures>> ListFeaturesAsync(string userId, string runId, CancellationToken cancellationToken)
    {
        var features = new List<ItemFeatures>();
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT item_id, created_at, last_accessed_at, access_count, word_count, tags, access_times FROM insight_item_features WHERE user_id = @u AND run_id = @r ORDER BY item_id";
        command.Param("@u", userId).Param("@r", runId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            features.Add(new ItemFeatures
            {
                ItemId = reader.GetString(0),
                CreatedAt = reader.GetTime(1),
                LastAccessedAt = reader.GetTime(2),
                AccessCount = reader.GetInt32(3),
                WordCount = reader.GetInt32(4),
                Tags = SqliteValues.ParseTags(reader.GetString(5)),
                AccessTimes = (JsonSerializer.Deserialize<long[]>(reader.GetString(6)) ?? []).Select(DateTimeOffset.FromUnixTimeMilliseconds).ToList(),
            });
        }

        return features;
    }

    public Task SaveImportanceAsync(string userId, string runId, IReadOnlyList<ImportanceScore> scores, CancellationToken cancellationToken) =>
        ReplaceRowsAsync("insight_importance", "item_id, score, model, reasoning, confidence_low, confidence_high, target_date", "@i, @s, @m, @why, @low, @high, @target", userId, runId, scores,
            (command, s) => command.Param("@i", s.ItemId).Param("@s", s.Score).Param("@m", s.Model).Param("@why", s.Reasoning)
                .Param("@low", s.ConfidenceLow).Param("@high", s.ConfidenceHigh).Param("@target", SqliteValues.Time(s.TargetDate)),
            cancellationToken);

    public async Task<IReadOnlyList<ImportanceScore>> ListImportanceAsync(string userId, string runId, int take, CancellationToken cancellationToken)
    {
        var scores = new List<ImportanceScore>();
        if (take <= 0)
        {
            return scores;
        }

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT item_id, score, model, reasoning, confidence_low, confidence_high, target_date FROM insight_importance WHERE user_id = @u AND run_id = @r ORDER BY score DESC, item_id LIMIT @take";
        command.Param("@u", userId).Param("@r", runId).Param("@take", take);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            scores.Add(new ImportanceScore
            {
                ItemId = reader.GetString(0),
                Score = reader.GetDouble(1),
                Model = reader.GetString(2),
                Reasoning = reader.GetString(3),
                ConfidenceLow = reader.IsDBNull(4) ? null : reader.GetDouble(4),
                ConfidenceHigh = reader.IsDBNull(5) ? null : reader.GetDouble(5),
                TargetDate = reader.GetNullableTime(6),
            });
        }

        return scores;
    }

    private async Task ReplaceRowsAsync<T>(string table, string columns, string values, string userId, string runId, IReadOnlyList<T> rows, Action<SqliteCommand, T> bind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using (var delete = connection.CreateCommand())
        {
            delete.Transaction = transaction;
            delete.CommandText = $"DELETE FROM {table} WHERE user_id = @u AND run_id = @r";
            delete.Param("@u", userId).Param("@r", runId);
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var row in rows)
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT INTO {table} (user_id, run_id, {columns}) VALUES (@u, @r, {values})";
            insert.Param("@u", userId).Param("@r", runId);
            bind(insert, row);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void Bind(SqliteCommand command, InsightRun run) => command
        .Param("@u", run.UserId)
        .Param("@r", run.RunId)
        .Param("@trigger", run.Trigger)
        .Param("@status", run.Status)
        .Param("@asof", SqliteValues.Time(run.AsOf))
        .Param("@created", SqliteValues.Time(run.CreatedAt))
        .Param("@updated", SqliteValues.Time(run.UpdatedAt))
        .Param("@completed", SqliteValues.Time(run.CompletedAt))
        .Param("@items", run.ItemCount)
        .Param("@scored", run.ScoredCount)
        .Param("@error", run.Error);

    private static InsightRun ReadRun(SqliteDataReader r) => new()
    {
        UserId = r.GetString(0),
        RunId = r.GetString(1),
        Trigger = r.GetString(2),
        Status = r.GetString(3),
        AsOf = r.GetTime(4),
        CreatedAt = r.GetTime(5),
        UpdatedAt = r.GetTime(6),
        CompletedAt = r.GetNullableTime(7),
        ItemCount = r.IsDBNull(8) ? null : r.GetInt32(8),
        ScoredCount = r.IsDBNull(9) ? null : r.GetInt32(9),
        Error = r.GetNullableString(10),
    };
}
