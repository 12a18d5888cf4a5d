using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Kmt.Storage.Embedded.Sqlite;

/// <summary>
/// The one SQLite database file (kmt.db) of the embedded store. Creates the data directory, switches
/// the file to WAL and applies pending migrations once per process, lazily, on the first connection.
/// Connections come from Microsoft.Data.Sqlite's pool; the per-connection pragmas are set once per native connection.
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    // wal_autocheckpoint = 0: checkpoints run from WalCheckpointer, not inside a writer's commit.
    private const string ConnectionPragmas = "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0;";

    private static readonly object Marker = new();

    // Native connections that have had ConnectionPragmas run (weak: a connection the pool drops goes with its entry).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = new();

    private readonly ILogger<SqliteDatabase> _logger;
    private readonly SemaphoreSlim _initLock = new(1, 1);

    // SQLite has one writer per file. Writers of this process take turns here, waiting asynchronously,
    // instead of meeting at BEGIN IMMEDIATE, where a loser blocks its thread-pool thread in SQLite's busy
    // handler (sleeps of 1-100 ms) and the pool has to grow to keep serving reads.
    private readonly SemaphoreSlim _writeTurn = new(1, 1);
    private volatile bool _initialized;
    private readonly PreparedReadConnections _preparedReads;
    private WalCheckpointer? _checkpointer;

    public SqliteDatabase(IOptions<EmbeddedStoreOptions> options, ILogger<SqliteDatabase>? logger = null)
    {
        _logger = logger ?? NullLogger<SqliteDatabase>.Instance;
        DataDirectory = options.Value.ResolveDataDirectory();
        DatabasePath = Path.Combine(DataDirectory, EmbeddedStoreOptions.DatabaseFileName);
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _preparedReads = new PreparedReadConnections(OpenAsync);
    }

    public string DataDirectory { get; }

    public string DatabasePath { get; }

    internal string ConnectionString { get; }

    /// <summary>Started with the first connection (for tests: <see cref="WalCheckpointer.TickAsync"/>).</summary>
    internal WalCheckpointer? Checkpointer => _checkpointer;

    /// <summary>An open pooled connection; the caller disposes it (which returns it to the pool).</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_initialized)
        {
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
        }

        return await OpenRawAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A read whose statement is prepared once per long-lived connection (<see cref="PreparedReadConnections"/>)
    /// rather than on every call: for hot point reads. <paramref name="sql"/> must be a constant text (it is
    /// the cache key) and <paramref name="read"/> must consume what it needs before returning.
    /// </summary>
    public Task<T> ReadPreparedAsync<T>(string sql, Action<SqliteCommand> bind, Func<SqliteDataReader, T> read, CancellationToken cancellationToken) =>
        _preparedReads.ReadAsync(sql, bind, read, cancellationToken);

    /// <summary>
    /// A pooled connection inside BEGIN IMMEDIATE, opened once this process's earlier writers are done.
    /// Another process (or a writer not using this) still meets the busy timeout as before; within the
    /// process, writers queue without occupying threads. Do not call it while holding another
    /// <see cref="SqliteWriteTransaction"/>: the turn is not re-entrant.
    /// </summary>
    public async Task<SqliteWriteTransaction> BeginWriteAsync(CancellationToken cancellationToken)
    {
        await _writeTurn.WaitAsync(cancellationToken).ConfigureAwait(false);
        SqliteConnection? connection = null;
        try
        {
            connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            return new SqliteWriteTransaction(connection, connection.BeginTransaction(deferred: false), _writeTurn);
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            _writeTurn.Release();
            throw;
        }
    }

    /// <summary>Closes the long-lived read connections; pooled ones are the pool's.</summary>
    public void Dispose()
    {
        _checkpointer?.Dispose();
        _preparedReads.Dispose();
    }

    /// <summary>Creates the directory and file and applies pending migrations; safe to call many times.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }

        await _initLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            Directory.CreateDirectory(DataDirectory);
            await using var connection = await OpenRawAsync(cancellationToken).ConfigureAwait(false);
            await using (var wal = connection.CreateCommand())
            {
                // Persistent in the file; cannot run inside a transaction.
                wal.CommandText = "PRAGMA journal_mode = WAL;";
                await wal.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await MigrateAsync(connection, cancellationToken).ConfigureAwait(false);
            _checkpointer = new WalCheckpointer(OpenRawAsync, DatabasePath, _logger);
            _initialized = true;
        }
        finally
        {
            _initLock.Release();
        }
    }

    /// <summary>PRAGMA user_version: the number of the last migration applied.</summary>
    public static async Task<int> GetSchemaVersionAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        foreach (var (version, sql) in Migrations.All)
        {
            if (await GetSchemaVersionAsync(connection, cancellationToken).ConfigureAwait(false) >= version)
            {
                continue;
            }

            // BEGIN IMMEDIATE: a second process migrating at the same time waits, then re-checks.
            await using var transaction = connection.BeginTransaction(deferred: false);
            if (await GetSchemaVersionAsync(connection, cancellationToken).ConfigureAwait(false) >= version)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                // user_version takes no parameters; version is a constant of this assembly.
                command.CommandText = sql + $"\nPRAGMA user_version = {version};";
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _logger.LogInformation("Applied embedded store migration {Version} to {DatabasePath}", version, DatabasePath);
        }
    }

    private async Task<SqliteConnection> OpenRawAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // The pragmas belong to the native connection, which the pool keeps open between uses: set
            // them when it is new, not on every open (three statements parsed and run per store call).
            if (connection.Handle is { } handle && !Configured.TryGetValue(handle, out _))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = ConnectionPragmas;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                Configured.AddOrUpdate(handle, Marker);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
