using Kmt.Core.Realtime;

namespace Kmt.Storage.Embedded.Realtime;

/// <summary>
/// Negotiation for the in-process adapter: a KMT-signed ticket and the WebSocket endpoint of the
/// process that answered (the DevHost serves it at <see cref="Path"/>), so the client connects back to
/// the same origin it called.
/// </summary>
public sealed class InProcessRealtimeNegotiator(RealtimeTickets tickets) : IRealtimeNegotiator
{
    /// <summary>Where the DevHost accepts real-time WebSocket connections.</summary>
    public const string Path = "/api/v1/realtime/ws";

    public Task<RealtimeConnectionInfo> NegotiateAsync(string userId, Uri requestOrigin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requestOrigin);
        var (token, expiresIn) = tickets.Issue(userId);
        var scheme = requestOrigin.Scheme == Uri.UriSchemeHttps ? "wss" : "ws";
        var url = $"{scheme}://{requestOrigin.Authority}{Path}?access_token={Uri.EscapeDataString(token)}";
        return Task.FromResult(new RealtimeConnectionInfo(url, token, expiresIn));
    }
}
