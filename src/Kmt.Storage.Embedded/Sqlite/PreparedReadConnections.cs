using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Kmt.Storage.Embedded.Sqlite;

/// <summary>
/// Long-lived read connections that keep their prepared statements. Microsoft.Data.Sqlite prepares a
/// command's SQL again on every new command, and a pooled connection finalizes its statements when it
/// goes back to the pool; for a hot point read (GET of an item) preparing cost more than running the
/// query (bench/README.md, "Where a GET's time goes"). Each connection serves one caller at a time; past
/// <see cref="MaxConnections"/> callers in flight, a caller uses an ordinary pooled connection instead.
/// </summary>
internal sealed class PreparedReadConnections(Func<CancellationToken, Task<SqliteConnection>> open) : IDisposable
{
    private readonly ConcurrentBag<Entry> _idle = [];
    private int _count;

    public static int MaxConnections { get; } = Math.Max(4, Environment.ProcessorCount * 4);

    public async Task<T> ReadAsync<T>(string sql, Action<SqliteCommand> bind, Func<SqliteDataReader, T> read, CancellationToken cancellationToken)
    {
        var entry = await RentAsync(cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            await using var connection = await open(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            bind(command);
            await using var oneOff = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return read(oneOff);
        }

        try
        {
            if (!entry.Commands.TryGetValue(sql, out var command))
            {
                command = entry.Connection.CreateCommand();
                command.CommandText = sql;
                entry.Commands[sql] = command;
            }

            command.Parameters.Clear();
            bind(command);
            T result;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                result = read(reader);
            }

            _idle.Add(entry);
            return result;
        }
        catch
        {
            // A connection in an unknown state is not handed out again.
            Interlocked.Decrement(ref _count);
            await entry.Connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Closes the idle connections (the store is being disposed with its host).</summary>
    public void Dispose()
    {
        while (_idle.TryTake(out var entry))
        {
            Interlocked.Decrement(ref _count);
            entry.Connection.Dispose();
        }
    }

    private async Task<Entry?> RentAsync(CancellationToken cancellationToken)
    {
        if (_idle.TryTake(out var idle))
        {
            return idle;
        }

        if (Interlocked.Increment(ref _count) > MaxConnections)
        {
            Interlocked.Decrement(ref _count);
            return null;
        }

        try
        {
            return new Entry(await open(cancellationToken).ConfigureAwait(false));
        }
        catch
        {
            Interlocked.Decrement(ref _count);
            throw;
        }
    }

    private sealed class Entry(SqliteConnection connection)
    {
        public SqliteConnection Connection { get; } = connection;

        public Dictionary<string, SqliteCommand> Commands { get; } = new(StringComparer.Ordinal);
    }
}
