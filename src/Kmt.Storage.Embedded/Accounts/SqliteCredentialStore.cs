using Kmt.Core.Accounts;
using Kmt.Storage.Embedded.Sqlite;
using Microsoft.Data.Sqlite;

namespace Kmt.Storage.Embedded.Accounts;

/// <summary>
/// Logins (session_families), refresh sessions (refresh_sessions) and one-time mail tokens
/// (password_reset_tokens). Revoking a login updates its family row only.
/// </summary>
public sealed class SqliteCredentialStore(SqliteDatabase database) : ICredentialStore
{
    public async Task CreateFamilyAsync(SessionFamily family, RefreshSession first, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(family);
        ArgumentNullException.ThrowIfNull(first);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO session_families (user_id, id, created_at, expires_at, revoked_at)
                VALUES (@u, @id, @created, @expires, @revoked)
                """;
            command.Param("@u", family.UserId).Param("@id", family.Id).Param("@created", SqliteValues.Time(family.CreatedAt))
                .Param("@expires", SqliteValues.Time(family.ExpiresAt)).Param("@revoked", SqliteValues.Time(family.RevokedAt));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = InsertSession;
            BindSession(insert, first);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<SessionFamily?> GetFamilyAsync(string userId, string familyId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT user_id, id, created_at, expires_at, revoked_at FROM session_families WHERE user_id = @u AND id = @id";
        command.Param("@u", userId).Param("@id", familyId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new SessionFamily
        {
            UserId = reader.GetString(0),
            Id = reader.GetString(1),
            CreatedAt = reader.GetTime(2),
            ExpiresAt = reader.GetTime(3),
            RevokedAt = reader.GetNullableTime(4),
        };
    }

    private const string SessionColumns =
        "user_id, id, family_id, token_hash, created_at, expires_at, used_at, replaced_by_id, revoked_at, ip_address, user_agent, secret_salt";

    private const string InsertSession = $"""
        INSERT INTO refresh_sessions ({SessionColumns})
        VALUES (@u, @id, @family, @hash, @created, @expires, @used, @replacedBy, @revoked, @ip, @agent, @salt)
        """;

    public async Task CreateSessionAsync(RefreshSession session, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = InsertSession;
        BindSession(command, session);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<RefreshSession?> GetSessionAsync(string userId, string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SessionColumns} FROM refresh_sessions WHERE user_id = @u AND id = @id";
        command.Param("@u", userId).Param("@id", sessionId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new RefreshSession
        {
            UserId = reader.GetString(0),
            Id = reader.GetString(1),
            FamilyId = reader.GetString(2),
            TokenHash = reader.GetString(3),
            CreatedAt = reader.GetTime(4),
            ExpiresAt = reader.GetTime(5),
            UsedAt = reader.GetNullableTime(6),
            ReplacedById = reader.GetNullableString(7),
            RevokedAt = reader.GetNullableTime(8),
            IpAddress = reader.GetNullableString(9),
            UserAgent = reader.GetNullableString(10),
            SecretSalt = reader.GetNullableString(11),
        };
    }

    public async Task<bool> RotateSessionAsync(string userId, string sessionId, DateTimeOffset usedAt, RefreshSession replacement, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using (var mark = connection.CreateCommand())
        {
            mark.Transaction = transaction;
            mark.CommandText = """
                UPDATE refresh_sessions SET used_at = @at, replaced_by_id = @next
                WHERE user_id = @u AND id = @id AND used_at IS NULL AND revoked_at IS NULL
                """;
            mark.Param("@at", SqliteValues.Time(usedAt)).Param("@next", replacement.Id).Param("@u", userId).Param("@id", sessionId);
            if (await mark.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return false;
            }
        }

        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = InsertSession;
            BindSession(insert, replacement with { UserId = userId });
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var extend = connection.CreateCommand())
        {
            extend.Transaction = transaction;
            extend.CommandText = """
                UPDATE session_families SET expires_at = @expires
                WHERE user_id = @u AND id = @family AND expires_at < @expires
                """;
            extend.Param("@expires", SqliteValues.Time(replacement.ExpiresAt)).Param("@u", userId).Param("@family", replacement.FamilyId);
            await extend.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public Task RevokeSessionAsync(string userId, string sessionId, DateTimeOffset revokedAt, CancellationToken cancellationToken) =>
        RevokeAsync("refresh_sessions", "AND id = @id", userId, sessionId, revokedAt, cancellationToken);

    public Task RevokeFamilyAsync(string userId, string familyId, DateTimeOffset revokedAt, CancellationToken cancellationToken) =>
        RevokeAsync("session_families", "AND id = @id", userId, familyId, revokedAt, cancellationToken);

    public Task RevokeAllSessionsAsync(string userId, DateTimeOffset revokedAt, CancellationToken cancellationToken) =>
        RevokeAsync("session_families", "", userId, null, revokedAt, cancellationToken);

    public async Task CreateResetTokenAsync(PasswordResetToken token, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO password_reset_tokens (user_id, id, token_hash, created_at, expires_at, used_at, purpose, new_email)
            VALUES (@u, @id, @hash, @created, @expires, @used, @purpose, @newEmail)
            """;
        command.Param("@u", token.UserId).Param("@id", token.Id).Param("@hash", token.TokenHash)
            .Param("@created", SqliteValues.Time(token.CreatedAt)).Param("@expires", SqliteValues.Time(token.ExpiresAt))
            .Param("@used", SqliteValues.Time(token.UsedAt)).Param("@purpose", token.Purpose).Param("@newEmail", token.NewEmail);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<PasswordResetToken?> GetResetTokenAsync(string userId, string tokenId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT user_id, id, token_hash, created_at, expires_at, used_at, purpose, new_email
            FROM password_reset_tokens WHERE user_id = @u AND id = @id
            """;
        command.Param("@u", userId).Param("@id", tokenId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new PasswordResetToken
        {
            UserId = reader.GetString(0),
            Id = reader.GetString(1),
            TokenHash = reader.GetString(2),
            CreatedAt = reader.GetTime(3),
            ExpiresAt = reader.GetTime(4),
            UsedAt = reader.GetNullableTime(5),
            Purpose = reader.GetNullableString(6),
            NewEmail = reader.GetNullableString(7),
        };
    }

    public async Task<bool> UseResetTokenAsync(string userId, string tokenId, DateTimeOffset usedAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE password_reset_tokens SET used_at = @at WHERE user_id = @u AND id = @id AND used_at IS NULL";
        command.Param("@at", SqliteValues.Time(usedAt)).Param("@u", userId).Param("@id", tokenId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task UseAllResetTokensAsync(string userId, DateTimeOffset usedAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE password_reset_tokens SET used_at = @at WHERE user_id = @u AND used_at IS NULL";
        command.Param("@at", SqliteValues.Time(usedAt)).Param("@u", userId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Keeps the first revocation time of a session already revoked.</summary>
    private async Task RevokeAsync(string table, string extraWhere, string userId, string? id, DateTimeOffset revokedAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"UPDATE {table} SET revoked_at = @at WHERE user_id = @u AND revoked_at IS NULL {extraWhere}";
        command.Param("@at", SqliteValues.Time(revokedAt)).Param("@u", userId);
        if (id is not null)
        {
            command.Param("@id", id);
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void BindSession(SqliteCommand command, RefreshSession s) => command
        .Param("@u", s.UserId)
        .Param("@id", s.Id)
        .Param("@family", s.FamilyId)
        .Param("@hash", s.TokenHash)
        .Param("@created", SqliteValues.Time(s.CreatedAt))
        .Param("@expires", SqliteValues.Time(s.ExpiresAt))
        .Param("@used", SqliteValues.Time(s.UsedAt))
        .Param("@replacedBy", s.ReplacedById)
        .Param("@revoked", SqliteValues.Time(s.RevokedAt))
        .Param("@ip", s.IpAddress)
        .Param("@agent", s.UserAgent)
        .Param("@salt", s.SecretSalt);
}
