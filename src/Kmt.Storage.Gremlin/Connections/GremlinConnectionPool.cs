using System.Collections.Concurrent;

namespace Kmt.Storage.Gremlin.Connections;

/// <summary>
/// At most PoolSize connections, each lent to one request at a time. A connection that is broken, too old,
/// idle too long or whose token nears expiry is closed and replaced when it is next rented.
/// </summary>
internal sealed class GremlinConnectionPool : IAsyncDisposable
{
    private readonly GremlinOptions _options;
    private readonly GremlinSecretSource _secrets;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentStack<GremlinConnection> _idle = new();
    private int _opened;

    public GremlinConnectionPool(GremlinOptions options, GremlinSecretSource secrets, TimeProvider time)
    {
        _options = options;
        _secrets = secrets;
        _time = time;
        _slots = new SemaphoreSlim(Math.Max(1, options.PoolSize));
    }

    /// <summary>How many sockets were opened so far (reconnects included).</summary>
    public int Opened => Volatile.Read(ref _opened);

    public async Task<GremlinConnection> RentAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (_idle.TryPop(out var idle))
            {
                if (idle.IsReusable(_time.GetUtcNow()))
                {
                    return idle;
                }

                await idle.DisposeAsync().ConfigureAwait(false);
            }

            var connection = new GremlinConnection(_options, _secrets, _time);
            Interlocked.Increment(ref _opened);
            try
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            return connection;
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    public async ValueTask ReturnAsync(GremlinConnection connection)
    {
        try
        {
            if (connection.IsReusable(_time.GetUtcNow()))
            {
                _idle.Push(connection);
            }
            else
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        while (_idle.TryPop(out var connection))
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        _slots.Dispose();
    }
}
