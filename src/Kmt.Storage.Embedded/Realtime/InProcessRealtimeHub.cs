using System.Collections.Concurrent;
using Kmt.Core.Realtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kmt.Storage.Embedded.Realtime;

/// <summary>
/// The in-process real-time adapter: the open connections of this process, by user. A connection is
/// registered under the user its ticket names (<see cref="RealtimeTickets"/>), so a message for one user
/// is handed only to that user's senders. The DevHost's WebSocket endpoint registers its sockets here;
/// with several instances each only reaches its own connections, which is why Azure uses Web PubSub.
/// </summary>
public sealed class InProcessRealtimeHub(ILogger<InProcessRealtimeHub>? logger = null) : IRealtimePublisher
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, Func<string, CancellationToken, Task>>> _connections = new(StringComparer.Ordinal);
    private readonly ILogger _logger = logger ?? NullLogger<InProcessRealtimeHub>.Instance;

    /// <summary>Registers a connection of <paramref name="userId"/>; dispose the result when it closes.</summary>
    /// <param name="userId">The user the connection's ticket names.</param>
    /// <param name="send">Sends one text message on the connection.</param>
    public IDisposable Connect(string userId, Func<string, CancellationToken, Task> send)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentNullException.ThrowIfNull(send);
        var id = Guid.NewGuid();
        _connections.GetOrAdd(userId, _ => new ConcurrentDictionary<Guid, Func<string, CancellationToken, Task>>())[id] = send;
        return new Registration(this, userId, id);
    }

    /// <summary>How many connections <paramref name="userId"/> has open here.</summary>
    public int ConnectionCount(string userId) => _connections.TryGetValue(userId, out var mine) ? mine.Count : 0;

    public async Task PublishAsync(string userId, RealtimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        if (!_connections.TryGetValue(userId, out var mine) || mine.IsEmpty)
        {
            return;
        }

        var text = RealtimeMessageJson.Serialize(message);
        foreach (var (id, send) in mine.ToArray())
        {
            try
            {
                await send(text, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A connection that cannot take a message is gone: drop it, keep the others.
                _logger.LogInformation(e, "Dropped a real-time connection of user {UserId}", userId);
                mine.TryRemove(id, out _);
            }
        }
    }

    private void Disconnect(string userId, Guid id)
    {
        if (_connections.TryGetValue(userId, out var mine))
        {
            mine.TryRemove(id, out _);
        }
    }

    private sealed class Registration(InProcessRealtimeHub hub, string userId, Guid id) : IDisposable
    {
        public void Dispose() => hub.Disconnect(userId, id);
    }
}
