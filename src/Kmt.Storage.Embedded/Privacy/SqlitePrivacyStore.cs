using System.Text.Json;
using System.Text.Json.Serialization;
using Kmt.Core.Common;
using Kmt.Core.Privacy;
using Kmt.Storage.Embedded.Sqlite;
using Microsoft.Data.Sqlite;

namespace Kmt.Storage.Embedded.Privacy;

/// <summary>
/// Consents (user_consents), export jobs (export_jobs, the job as JSON) and erasure jobs (erasure_jobs,
/// not a user table: it outlives the account it erases).
/// </summary>
public sealed class SqlitePrivacyStore(SqliteDatabase database) : IPrivacyStore
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public async Task<UserConsents?> GetConsentsAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT purposes, updated_at, etag FROM user_consents WHERE user_id = @u";
        command.Param("@u", userId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new UserConsents
        {
            UserId = userId,
            Purposes = JsonSerializer.Deserialize<List<ConsentState>>(reader.GetString(0), Json) ?? [],
            UpdatedAt = reader.GetTime(1),
            ETag = reader.GetString(2),
        };
    }

    public async Task SaveConsentsAsync(UserConsents consents, string? expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(consents);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = expectedETag is null
            ? "INSERT OR IGNORE INTO user_consents (user_id, purposes, updated_at, etag) VALUES (@u, @p, @at, @etag)"
            : "UPDATE user_consents SET purposes = @p, updated_at = @at, etag = @etag WHERE user_id = @u AND etag = @expected";
        command.Param("@u", consents.UserId).Param("@p", JsonSerializer.Serialize(consents.Purposes, Json))
            .Param("@at", SqliteValues.Time(consents.UpdatedAt)).Param("@etag", consents.ETag).Param("@expected", expectedETag);
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw KmtException.PreconditionFailed();
        }
    }

    public async Task CreateExportAsync(ExportJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO export_jobs (user_id, id, job, created_at) VALUES (@u, @id, @job, @at)";
        command.Param("@u", job.UserId).Param("@id", job.Id).Param("@job", JsonSerializer.Serialize(job, Json)).Param("@at", SqliteValues.Time(job.CreatedAt));
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (ex.IsUniqueViolation())
        {
            throw KmtException.Conflict("An export with this id already exists.");
        }
    }

    public async Task<ExportJob?> GetExportAsync(string userId, string exportId, CancellationToken cancellationToken) =>
        (await QueryExportsAsync("user_id = @u AND id = @id", userId, exportId, cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public async Task ReplaceExportAsync(ExportJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE export_jobs SET job = @job WHERE user_id = @u AND id = @id";
        command.Param("@u", job.UserId).Param("@id", job.Id).Param("@job", JsonSerializer.Serialize(job, Json));
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw KmtException.NotFound("Export");
        }
    }

    public Task<IReadOnlyList<ExportJob>> ListExportsAsync(string userId, CancellationToken cancellationToken) =>
        QueryExportsAsync("user_id = @u ORDER BY created_at DESC, id DESC", userId, null, cancellationToken);

    public async Task UpsertErasureAsync(ErasureJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO erasure_jobs (user_id, requested_at, last_attempt_at, attempts, completed_at) VALUES (@u, @req, @last, @attempts, @done)
            ON CONFLICT (user_id) DO UPDATE SET requested_at = excluded.requested_at, last_attempt_at = excluded.last_attempt_at,
                attempts = excluded.attempts, completed_at = excluded.completed_at
            """;
        command.Param("@u", job.UserId).Param("@req", SqliteValues.Time(job.RequestedAt)).Param("@last", SqliteValues.Time(job.LastAttemptAt))
            .Param("@attempts", job.Attempts).Param("@done", SqliteValues.Time(job.CompletedAt));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<ErasureJob?> GetErasureAsync(string userId, CancellationToken cancellationToken) =>
        (await QueryErasuresAsync("user_id = @u", userId, null, 1, cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public Task<IReadOnlyList<ErasureJob>> ListUnfinishedErasuresAsync(DateTimeOffset before, int take, CancellationToken cancellationToken) =>
        QueryErasuresAsync("completed_at IS NULL AND coalesce(last_attempt_at, requested_at) < @before ORDER BY requested_at", null, before, take, cancellationToken);

    private async Task<IReadOnlyList<ExportJob>> QueryExportsAsync(string where, string userId, string? exportId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT job FROM export_jobs WHERE {where}";
        command.Param("@u", userId).Param("@id", exportId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var jobs = new List<ExportJob>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            jobs.Add(JsonSerializer.Deserialize<ExportJob>(reader.GetString(0), Json)!);
        }

        return jobs;
    }

    private async Task<IReadOnlyList<ErasureJob>> QueryErasuresAsync(string where, string? userId, DateTimeOffset? before, int take, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT user_id, requested_at, last_attempt_at, attempts, completed_at FROM erasure_jobs WHERE {where} LIMIT @take";
        command.Param("@u", userId).Param("@before", SqliteValues.Time(before)).Param("@take", Math.Max(0, take));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var jobs = new List<ErasureJob>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            jobs.Add(new ErasureJob
            {
                UserId = reader.GetString(0),
                RequestedAt = reader.GetTime(1),
                LastAttemptAt = reader.GetNullableTime(2),
                Attempts = reader.GetInt32(3),
                CompletedAt = reader.GetNullableTime(4),
            });
        }

        return jobs;
    }
}
