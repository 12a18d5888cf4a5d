using Microsoft.Data.Sqlite;

namespace Kmt.Storage.Embedded.Graph;

/// <summary>
/// The commands of one transaction by SQL text: each is created and prepared once and re-bound for every
/// record (Microsoft.Data.Sqlite keeps a command's prepared statements while its text is unchanged), which
/// spares a large batch a statement compilation per row.
/// </summary>
internal sealed class PreparedStatements(SqliteConnection connection, SqliteTransaction transaction) : IAsyncDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public async Task<int> ExecuteAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            _commands[sql] = command;
        }

        command.Parameters.Clear();
        bind(command);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values)
        {
            await command.DisposeAsync().ConfigureAwait(false);
        }

        _commands.Clear();
    }
}
