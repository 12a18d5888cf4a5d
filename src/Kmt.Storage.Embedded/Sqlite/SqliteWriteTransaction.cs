using Microsoft.Data.Sqlite;

namespace Kmt.Storage.Embedded.Sqlite;

/// <summary>
/// A write transaction (BEGIN IMMEDIATE) on its own pooled connection, holding this process's write
/// turn (<see cref="SqliteDatabase.BeginWriteAsync"/>) until it is disposed. Disposing rolls back what
/// was not committed, returns the connection to the pool and hands the turn to the next writer.
/// </summary>
public sealed class SqliteWriteTransaction : IAsyncDisposable
{
    private readonly SemaphoreSlim _turn;
    private bool _disposed;

    internal SqliteWriteTransaction(SqliteConnection connection, SqliteTransaction transaction, SemaphoreSlim turn)
    {
        Connection = connection;
        Transaction = transaction;
        _turn = turn;
    }

    public SqliteConnection Connection { get; }

    public SqliteTransaction Transaction { get; }

    /// <summary>For <c>var (connection, transaction) = write;</c> where code already names both.</summary>
    public void Deconstruct(out SqliteConnection connection, out SqliteTransaction transaction)
    {
        connection = Connection;
        transaction = Transaction;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            await Transaction.DisposeAsync().ConfigureAwait(false);
            await Connection.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _turn.Release();
        }
    }
}
