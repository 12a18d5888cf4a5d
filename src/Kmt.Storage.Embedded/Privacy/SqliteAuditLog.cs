using System.Text.Json;
using Kmt.Core.Privacy;
using Kmt.Storage.Embedded.Sqlite;

namespace Kmt.Storage.Embedded.Privacy;

/// <summary>The audit log (table audit_log); expired entries are deleted by the privacy sweep (SQLite has no TTL).</summary>
public sealed class SqliteAuditLog(SqliteDatabase database) : IAuditLog
{
    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT OR IGNORE INTO audit_log (user_id, id, event_type, outcome, at, ip_address, user_agent, details)
            VALUES (@u, @id, @type, @outcome, @at, @ip, @ua, @details)
            """;
        command.Param("@u", entry.UserId).Param("@id", entry.Id).Param("@type", entry.EventType).Param("@outcome", entry.Outcome)
            .Param("@at", SqliteValues.Time(entry.At)).Param("@ip", entry.IpAddress).Param("@ua", entry.UserAgent)
            .Param("@details", entry.Details is null ? null : JsonSerializer.Serialize(entry.Details));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string userId, AuditPosition? after, int skip, int take, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT user_id, id, event_type, outcome, at, ip_address, user_agent, details FROM audit_log
            WHERE user_id = @u AND (@afterAt IS NULL OR (at, id) < (@afterAt, @afterId))
            ORDER BY at DESC, id DESC LIMIT @take OFFSET @skip
            """;
        command.Param("@u", userId).Param("@afterAt", SqliteValues.Time(after?.At)).Param("@afterId", after?.Id)
            .Param("@take", Math.Max(0, take)).Param("@skip", Math.Max(0, skip));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<AuditEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new AuditEntry
            {
                UserId = reader.GetString(0),
                Id = reader.GetString(1),
                EventType = reader.GetString(2),
                Outcome = reader.GetString(3),
                At = reader.GetTime(4),
                IpAddress = reader.GetNullableString(5),
                UserAgent = reader.GetNullableString(6),
                Details = reader.GetNullableString(7) is { } json ? JsonSerializer.Deserialize<Dictionary<string, string>>(json) : null,
            });
        }

        return entries;
    }

    public async Task<long> CountAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM audit_log WHERE user_id = @u";
        command.Param("@u", userId);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<int> DeleteExpiredAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM audit_log WHERE at < @before";
        command.Param("@before", SqliteValues.Time(before));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
