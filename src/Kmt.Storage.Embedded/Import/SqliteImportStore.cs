using System.Text.Json;
using System.Text.Json.Serialization;
using Kmt.Core.Common;
using Kmt.Core.Import;
using Kmt.Storage.Embedded.Sqlite;
using Microsoft.Data.Sqlite;

namespace Kmt.Storage.Embedded.Import;

/// <summary>Import jobs (import_jobs, the job as JSON like export_jobs), in the user's rows.</summary>
public sealed class SqliteImportStore(SqliteDatabase database) : IImportStore
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public async Task CreateAsync(ImportJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO import_jobs (user_id, id, job, created_at) VALUES (@u, @id, @job, @at)";
        command.Param("@u", job.UserId).Param("@id", job.Id).Param("@job", JsonSerializer.Serialize(job, Json)).Param("@at", SqliteValues.Time(job.CreatedAt));
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (ex.IsUniqueViolation())
        {
            throw KmtException.Conflict("An import with this id already exists.");
        }
    }

    public async Task<ImportJob?> GetAsync(string userId, string importId, CancellationToken cancellationToken) =>
        (await QueryAsync("user_id = @u AND id = @id", userId, importId, cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public async Task ReplaceAsync(ImportJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE import_jobs SET job = @job WHERE user_id = @u AND id = @id";
        command.Param("@u", job.UserId).Param("@id", job.Id).Param("@job", JsonSerializer.Serialize(job, Json));
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw KmtException.NotFound("Import");
        }
    }

    public Task<IReadOnlyList<ImportJob>> ListAsync(string userId, CancellationToken cancellationToken) =>
        QueryAsync("user_id = @u ORDER BY created_at DESC, id DESC", userId, null, cancellationToken);

    private async Task<IReadOnlyList<ImportJob>> QueryAsync(string where, string userId, string? importId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT job FROM import_jobs WHERE {where}";
        command.Param("@u", userId).Param("@id", importId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var jobs = new List<ImportJob>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            jobs.Add(JsonSerializer.Deserialize<ImportJob>(reader.GetString(0), Json)!);
        }

        return jobs;
    }
}
