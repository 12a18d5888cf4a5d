using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Kmt.Storage.Embedded.Sqlite;

/// <summary>
/// Checkpoints the WAL from a timer instead of inside a writer's commit. SQLite's automatic checkpoint
/// runs in whichever commit pushes the WAL past 1,000 pages, and a checkpoint copies pages back into
/// the database and syncs both files: measured, that was more than half of a create's database time
/// (bench/README.md, "What a create costs"). Here the same PASSIVE checkpoint, at the same size, runs
/// on a thread-pool thread that no request waits for. A PASSIVE checkpoint takes no write lock, so
/// writers go on meanwhile; the next writer after a complete checkpoint rewinds the WAL, as before.
/// Durability is unchanged: a commit is in the WAL before it returns (a process crash loses nothing
/// committed); with synchronous = NORMAL a power loss can lose the commits since the last checkpoint.
/// </summary>
internal sealed class WalCheckpointer : IDisposable
{
    /// <summary>SQLite's own wal_autocheckpoint default (1,000 pages of 4 KiB).</summary>
    public const long ThresholdBytes = 1000L * 4096;

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly Func<CancellationToken, Task<SqliteConnection>> _open;
    private readonly string _walPath;
    private readonly ILogger _logger;
    private readonly Timer _timer;
    private int _running;

    public WalCheckpointer(Func<CancellationToken, Task<SqliteConnection>> open, string databasePath, ILogger logger)
    {
        _open = open;
        _walPath = databasePath + "-wal";
        _logger = logger;
        _timer = new Timer(_ => _ = TickAsync(), null, Interval, Interval);
    }

    public void Dispose() => _timer.Dispose();

    /// <summary>Checkpoints when the WAL has grown past the threshold; one at a time.</summary>
    internal async Task TickAsync()
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            return;
        }

        try
        {
            var wal = new FileInfo(_walPath);
            if (!wal.Directory!.Exists)
            {
                // The data directory was deleted (a test's temporary store nobody disposed): nothing left to do.
                _timer.Dispose();
                return;
            }

            if (!wal.Exists || wal.Length < ThresholdBytes)
            {
                return;
            }

            await using var connection = await _open(CancellationToken.None).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The next tick tries again; meanwhile the WAL only grows.
            _logger.LogWarning(e, "WAL checkpoint of {WalPath} failed", _walPath);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }
}
