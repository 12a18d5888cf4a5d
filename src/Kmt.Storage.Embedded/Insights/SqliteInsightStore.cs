using Kmt.Core.Insights.Discovery;
using Kmt.Storage.Embedded.Sqlite;
using Microsoft.Data.Sqlite;

namespace Kmt.Storage.Embedded.Insights;

/// <summary>
/// Insights in table insights keyed (user_id, id), listed through ix_insights_kind_score; feedback in
/// insight_feedback. An upsert of many records is one transaction; a status change is a conditional
/// UPDATE on the stored etag.
/// </summary>
public sealed class SqliteInsightStore(SqliteDatabase database) : IInsightStore
{
    private const string Columns = "user_id, id, kind, subject, run_id, score, status, current, payload, created_at, updated_at, status_changed_at, etag";

    public async Task UpsertAsync(string userId, IReadOnlyList<InsightRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        foreach (var record in records)
        {
            if (record.UserId != userId)
            {
                throw new ArgumentException("Every record must belong to the user.", nameof(records));
            }

            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"""
                INSERT INTO insights ({Columns}) VALUES (@u, @id, @kind, @subject, @run, @score, @status, @current, @payload, @created, @updated, @changed, @etag)
                ON CONFLICT (user_id, id) DO UPDATE SET kind = excluded.kind, subject = excluded.subject, run_id = excluded.run_id, score = excluded.score,
                    status = excluded.status, current = excluded.current, payload = excluded.payload, created_at = excluded.created_at,
                    updated_at = excluded.updated_at, status_changed_at = excluded.status_changed_at, etag = excluded.etag
                """;
            Bind(command, record);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<InsightRecord>> ListAsync(string userId, string kind, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM insights WHERE user_id = @u AND kind = @kind ORDER BY score DESC, id";
        command.Param("@u", userId).Param("@kind", kind);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<InsightRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(Read(reader));
        }

        return list;
    }

    public async Task<InsightRecord?> GetAsync(string userId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM insights WHERE user_id = @u AND id = @id";
        command.Param("@u", userId).Param("@id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    public async Task<bool> ReplaceAsync(InsightRecord record, string expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE insights SET kind = @kind, subject = @subject, run_id = @run, score = @score, status = @status, current = @current, payload = @payload,
                created_at = @created, updated_at = @updated, status_changed_at = @changed, etag = @etag
            WHERE user_id = @u AND id = @id AND etag = @expected
            """;
        Bind(command, record);
        command.Param("@expected", expectedETag);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task AddFeedbackAsync(InsightFeedback feedback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO insight_feedback (user_id, id, insight_type, insight_id, feedback, created_at) VALUES (@u, @id, @type, @insight, @feedback, @created) ON CONFLICT DO NOTHING";
        command.Param("@u", feedback.UserId).Param("@id", feedback.Id).Param("@type", feedback.InsightType).Param("@insight", feedback.InsightId)
            .Param("@feedback", feedback.Feedback).Param("@created", SqliteValues.Time(feedback.CreatedAt));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<InsightFeedback>> ListFeedbackAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, insight_type, insight_id, feedback, created_at FROM insight_feedback WHERE user_id = @u ORDER BY created_at, id";
        command.Param("@u", userId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<InsightFeedback>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new InsightFeedback
            {
                UserId = userId, Id = reader.GetString(0), InsightType = reader.GetString(1), InsightId = reader.GetString(2), Feedback = reader.GetString(3), CreatedAt = reader.GetTime(4),
            });
        }

        return list;
    }

    private static void Bind(SqliteCommand command, InsightRecord r) =>
        command.Param("@u", r.UserId).Param("@id", r.Id).Param("@kind", r.Kind).Param("@subject", r.Subject).Param("@run", r.RunId).Param("@score", r.Score)
            .Param("@status", r.Status).Param("@current", r.Current ? 1 : 0).Param("@payload", r.PayloadJson).Param("@created", SqliteValues.Time(r.CreatedAt))
            .Param("@updated", SqliteValues.Time(r.UpdatedAt)).Param("@changed", SqliteValues.Time(r.StatusChangedAt)).Param("@etag", r.ETag);

    private static InsightRecord Read(SqliteDataReader reader) => new()
    {
        UserId = reader.GetString(0),
        Id = reader.GetString(1),
        Kind = reader.GetString(2),
        Subject = reader.GetString(3),
        RunId = reader.GetString(4),
        Score = reader.GetDouble(5),
        Status = reader.GetString(6),
        Current = reader.GetInt64(7) != 0,
        PayloadJson = reader.GetString(8),
        CreatedAt = reader.GetTime(9),
        UpdatedAt = reader.GetTime(10),
        StatusChangedAt = reader.GetTime(11),
        ETag = reader.GetString(12),
    };
}
