namespace Kmt.Core.Realtime;

/// <summary>Where a client connects for its real-time messages: a URL to open as is, and the token inside it.</summary>
/// <param name="Url">The WebSocket URL, access token included (ws:// or wss://).</param>
/// <param name="AccessToken">The same short-lived token, for clients that add it themselves.</param>
/// <param name="ExpiresInSeconds">How long the token lets a new connection open.</param>
public sealed record RealtimeConnectionInfo(string Url, string AccessToken, int ExpiresInSeconds);

/// <summary>Hands a signed-in user the address of a connection that only their own messages reach.</summary>
public interface IRealtimeNegotiator
{
    /// <param name="userId">The caller; the connection is bound to this user by the token.</param>
    /// <param name="requestOrigin">The origin the client called the API on (http://host:port); the in-process adapter points back at it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<RealtimeConnectionInfo> NegotiateAsync(string userId, Uri requestOrigin, CancellationToken cancellationToken);
}
