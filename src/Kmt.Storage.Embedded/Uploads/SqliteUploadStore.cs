using System.Text.Json;
using Kmt.Core.Common;
using Kmt.Core.Uploads;
using Kmt.Storage.Embedded.Sqlite;
using Microsoft.Data.Sqlite;

namespace Kmt.Storage.Embedded.Uploads;

/// <summary>Uploads (table uploads), keyed by (user_id, id); status is stored as its lower-case name.</summary>
public sealed class SqliteUploadStore(SqliteDatabase database) : IUploadStore
{
    private const string Columns =
        "user_id, id, file_name, title, tags_json, status, reason, knowledge_item_id, size_bytes, content_sha256, detected_format, attempts, timings_json, created_at, updated_at, etag, embedded_chunks, embedded_at";

    public async Task CreateAsync(Upload upload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO uploads ({Columns})
            VALUES (@u, @id, @fileName, @title, @tags, @status, @reason, @itemId, @size, @sha, @format, @attempts, @timings, @created, @updated, @etag, @embeddedChunks, @embeddedAt)
            """;
        Bind(command, upload);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (ex.IsUniqueViolation())
        {
            throw KmtException.Conflict("An upload with this id already exists.");
        }
    }

    public async Task<Upload?> GetAsync(string userId, string uploadId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM uploads WHERE user_id = @u AND id = @id";
        command.Param("@u", userId).Param("@id", uploadId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    public async Task<bool> DeleteAsync(string userId, string uploadId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM uploads WHERE user_id = @u AND id = @id";
        command.Param("@u", userId).Param("@id", uploadId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task ReplaceAsync(Upload upload, string expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                UPDATE uploads SET file_name = @fileName, title = @title, tags_json = @tags, status = @status, reason = @reason,
                    knowledge_item_id = @itemId, size_bytes = @size, content_sha256 = @sha, detected_format = @format,
                    attempts = @attempts, timings_json = @timings, created_at = @created, updated_at = @updated, etag = @etag,
                    embedded_chunks = @embeddedChunks, embedded_at = @embeddedAt
                WHERE user_id = @u AND id = @id AND etag = @expected
                """;
            Bind(command, upload);
            command.Param("@expected", expectedETag);
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                await using var exists = connection.CreateCommand();
                exists.Transaction = transaction;
                exists.CommandText = "SELECT 1 FROM uploads WHERE user_id = @u AND id = @id";
                exists.Param("@u", upload.UserId).Param("@id", upload.Id);
                var found = await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
                throw found ? KmtException.PreconditionFailed() : KmtException.NotFound("Upload");
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The oldest completed upload of the user with these bytes whose item is still live (not erased or trashed).</summary>
    public async Task<Upload?> FindCompletedBySha256Async(string userId, string sha256, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        var columns = string.Join(", ", Columns.Split(", ").Select(c => "up." + c));
        command.CommandText = $"""
            SELECT {columns} FROM uploads up
            JOIN knowledge_items k ON k.user_id = up.user_id AND k.id = up.knowledge_item_id
            WHERE up.user_id = @u AND up.content_sha256 = @sha AND up.status = @status AND k.deleted_at IS NULL
            ORDER BY up.created_at, up.id
            LIMIT 1
            """;
        command.Param("@u", userId).Param("@sha", sha256).Param("@status", StatusName(UploadStatus.Completed));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<Upload>> ListStalledAsync(DateTimeOffset updatedBefore, int max, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns} FROM uploads
            WHERE status IN (@queued, @processing) AND updated_at < @before
            ORDER BY updated_at, user_id, id LIMIT @max
            """;
        command.Param("@queued", StatusName(UploadStatus.Queued)).Param("@processing", StatusName(UploadStatus.Processing))
            .Param("@before", SqliteValues.Time(updatedBefore)).Param("@max", Math.Max(0, max));
        var found = new List<Upload>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            found.Add(Read(reader));
        }

        return found;
    }

    internal static string StatusName(UploadStatus status) => status.ToString().ToLowerInvariant();

    public async Task<IReadOnlyList<Upload>> ListAsync(string userId, string? afterId, int take, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM uploads WHERE user_id = @u AND (@after IS NULL OR id > @after) ORDER BY id LIMIT @take";
        command.Param("@u", userId).Param("@after", afterId).Param("@take", Math.Max(0, take));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var uploads = new List<Upload>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            uploads.Add(Read(reader));
        }

        return uploads;
    }

    private static void Bind(SqliteCommand command, Upload upload)
    {
        command.Param("@u", upload.UserId)
            .Param("@id", upload.Id)
            .Param("@fileName", upload.FileName)
            .Param("@title", upload.Title)
            .Param("@tags", SqliteValues.TagsJson(upload.Tags))
            .Param("@status", StatusName(upload.Status))
            .Param("@reason", upload.Reason)
            .Param("@itemId", upload.KnowledgeItemId)
            .Param("@size", upload.SizeBytes)
            .Param("@sha", upload.ContentSha256)
            .Param("@format", upload.DetectedFormat)
            .Param("@attempts", upload.Attempts)
            .Param("@timings", upload.TimingsMs is null ? null : JsonSerializer.Serialize(upload.TimingsMs))
            .Param("@created", SqliteValues.Time(upload.CreatedAt))
            .Param("@updated", SqliteValues.Time(upload.UpdatedAt))
            .Param("@etag", upload.ETag)
            .Param("@embeddedChunks", upload.EmbeddedChunks)
            .Param("@embeddedAt", SqliteValues.Time(upload.EmbeddedAt));
    }

    private static Upload Read(SqliteDataReader reader) => new()
    {
        UserId = reader.GetString(0),
        Id = reader.GetString(1),
        FileName = reader.GetString(2),
        Title = reader.GetNullableString(3),
        Tags = SqliteValues.ParseTags(reader.GetString(4)),
        Status = Enum.Parse<UploadStatus>(reader.GetString(5), ignoreCase: true),
        Reason = reader.GetNullableString(6),
        KnowledgeItemId = reader.GetNullableString(7),
        SizeBytes = reader.IsDBNull(8) ? null : reader.GetInt64(8),
        ContentSha256 = reader.GetNullableString(9),
        DetectedFormat = reader.GetNullableString(10),
        Attempts = reader.GetInt32(11),
        TimingsMs = reader.IsDBNull(12) ? null : JsonSerializer.Deserialize<Dictionary<string, double>>(reader.GetString(12)),
        CreatedAt = reader.GetTime(13),
        UpdatedAt = reader.GetTime(14),
        ETag = reader.GetString(15),
        EmbeddedChunks = reader.IsDBNull(16) ? null : reader.GetInt32(16),
        EmbeddedAt = reader.GetNullableTime(17),
    };
}
