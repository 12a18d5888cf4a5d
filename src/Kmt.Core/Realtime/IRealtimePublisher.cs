namespace Kmt.Core.Realtime;

/// <summary>
/// Delivers a message to every open connection of one user, and to nobody else's. The in-process
/// adapter (Kmt.Storage.Embedded, served by the DevHost's WebSocket endpoint) and the Azure Web PubSub
/// adapter (Kmt.Azure) implement it; <see cref="RealtimeEvents"/> is the only caller.
/// </summary>
public interface IRealtimePublisher
{
    /// <summary>Sends <paramref name="message"/> to <paramref name="userId"/>'s connections; no connection is not an error.</summary>
    Task PublishAsync(string userId, RealtimeMessage message, CancellationToken cancellationToken);
}
