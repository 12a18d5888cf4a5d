using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Storage.Embedded.Sqlite;
using Microsoft.Data.Sqlite;

namespace Kmt.Storage.Embedded.Accounts;

/// <summary>Accounts in table users (keyed by user_id; unique indexes on normalized_email and external_subject).</summary>
public sealed class SqliteUserStore(SqliteDatabase database) : IUserStore
{
    private const string Columns =
        "user_id, email, normalized_email, password_hash, first_name, last_name, role, is_active, preferences, created_at, updated_at, last_login, etag, external_subject";

    private const string EmailTaken = "An account with this email already exists.";
    private const string ExternalSubjectTaken = "An account for this external identity already exists.";

    public Task<User?> GetAsync(string userId, CancellationToken cancellationToken) =>
        QuerySingleAsync($"SELECT {Columns} FROM users WHERE user_id = @u", "@u", userId, cancellationToken);

    public Task<User?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken) =>
        QuerySingleAsync($"SELECT {Columns} FROM users WHERE normalized_email = @e", "@e", normalizedEmail, cancellationToken);

    public Task<User?> FindByExternalSubjectAsync(string externalSubject, CancellationToken cancellationToken) =>
        QuerySingleAsync($"SELECT {Columns} FROM users WHERE external_subject = @x", "@x", externalSubject, cancellationToken);

    public async Task CreateAsync(User user, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO users ({Columns})
            VALUES (@u, @email, @norm, @hash, @first, @last, @role, @active, @prefs, @created, @updated, @login, @etag, @external)
            """;
        Bind(command, user);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (ex.IsUniqueViolation())
        {
            throw KmtException.Conflict(ex.Message.Contains("external_subject", StringComparison.Ordinal) ? ExternalSubjectTaken : EmailTaken);
        }
    }

    public async Task ReplaceAsync(User user, string expectedETag, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            UPDATE users SET email = @email, normalized_email = @norm, password_hash = @hash, first_name = @first,
                last_name = @last, role = @role, is_active = @active, preferences = @prefs, created_at = @created,
                updated_at = @updated, last_login = @login, etag = @etag, external_subject = @external
            WHERE user_id = @u AND etag = @expected
            """;
        Bind(command, user);
        command.Param("@expected", expectedETag);
        int changed;
        try
        {
            changed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (ex.IsUniqueViolation())
        {
            throw KmtException.Conflict(EmailTaken);
        }

        if (changed == 0)
        {
            await using var exists = connection.CreateCommand();
            exists.Transaction = transaction;
            exists.CommandText = "SELECT 1 FROM users WHERE user_id = @u";
            exists.Param("@u", user.Id);
            var found = await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
            throw found ? KmtException.PreconditionFailed() : KmtException.NotFound("User");
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> ListActiveUserIdsAsync(string? afterUserId, int take, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        if (take <= 0)
        {
            return ids;
        }

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        // Ordinal order (SQLite's BINARY collation), the same as Cosmos DB's string order.
        command.CommandText = "SELECT user_id FROM users WHERE is_active = 1 AND (@after IS NULL OR user_id > @after) ORDER BY user_id LIMIT @take";
        command.Param("@after", afterUserId).Param("@take", take);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private async Task<User?> QuerySingleAsync(string sql, string name, string value, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Param(name, value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    private static void Bind(SqliteCommand command, User user) => command
        .Param("@u", user.Id)
        .Param("@email", user.Email)
        .Param("@norm", user.NormalizedEmail)
        .Param("@hash", user.PasswordHash)
        .Param("@first", user.FirstName)
        .Param("@last", user.LastName)
        .Param("@role", user.Role)
        .Param("@active", user.IsActive ? 1 : 0)
        .Param("@prefs", user.PreferencesJson)
        .Param("@created", SqliteValues.Time(user.CreatedAt))
        .Param("@updated", SqliteValues.Time(user.UpdatedAt))
        .Param("@login", SqliteValues.Time(user.LastLogin))
        .Param("@etag", user.ETag)
        .Param("@external", user.ExternalSubject);

    private static User Read(SqliteDataReader r) => new()
    {
        Id = r.GetString(0),
        Email = r.GetString(1),
        NormalizedEmail = r.GetString(2),
        PasswordHash = r.GetString(3),
        FirstName = r.GetNullableString(4),
        LastName = r.GetNullableString(5),
        Role = r.GetString(6),
        IsActive = r.GetInt64(7) != 0,
        PreferencesJson = r.GetString(8),
        CreatedAt = r.GetTime(9),
        UpdatedAt = r.GetTime(10),
        LastLogin = r.GetNullableTime(11),
        ETag = r.GetString(12),
        ExternalSubject = r.GetNullableString(13),
    };
}
