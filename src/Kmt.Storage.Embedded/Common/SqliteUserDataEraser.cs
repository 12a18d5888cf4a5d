using Kmt.Core.Common;
using Kmt.Storage.Embedded.Sqlite;

namespace Kmt.Storage.Embedded.Common;

/// <summary>Deletes every row of one user from every table in one transaction (full-text rows go with the items).</summary>
public sealed class SqliteUserDataEraser(SqliteDatabase database) : IUserDataEraser
{
    public async Task EraseAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        foreach (var table in Migrations.UserTables)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            // Table names come from this assembly's constant list; the user id is a parameter.
            command.CommandText = $"DELETE FROM {table} WHERE user_id = @u";
            command.Param("@u", userId);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
