using System.Net.WebSockets;
using System.Text;
using Kmt.Core.Realtime;
using Kmt.Storage.Embedded.Realtime;

namespace Kmt.DevHost.Hosting;

/// <summary>
/// The DevHost's real-time WebSocket endpoint (what Web PubSub's client endpoint is in Azure): a client
/// opens the URL that GET api/v1/realtime/negotiate returned; the ticket in ?access_token= names the
/// user, and the connection is registered with <see cref="InProcessRealtimeHub"/> under that user only.
/// Messages go out as text frames; what the client sends is read and ignored (a server-to-client channel).
/// </summary>
public static class RealtimeWebSocketEndpoint
{
    public static void MapRealtimeWebSocket(this WebApplication app)
    {
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.Map(InProcessRealtimeNegotiator.Path, async context =>
        {
            var hub = context.RequestServices.GetService<InProcessRealtimeHub>();
            if (hub is null)
            {
                // Kmt:Realtime:Provider = WebPubSub: clients connect to Azure, not here.
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            var userId = await context.RequestServices.GetRequiredService<RealtimeTickets>().ValidateAsync(context.Request.Query["access_token"]);
            if (userId is null)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var sendLock = new SemaphoreSlim(1, 1);
            using var registration = hub.Connect(userId, async (text, ct) =>
            {
                await sendLock.WaitAsync(ct);
                try
                {
                    await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, ct);
                }
                finally
                {
                    sendLock.Release();
                }
            });

            var buffer = new byte[1024];
            try
            {
                while (socket.State == WebSocketState.Open && !context.RequestAborted.IsCancellationRequested)
                {
                    var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
                    if (received.MessageType == WebSocketMessageType.Close)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                        break;
                    }
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // The client went away; the registration ends with this request.
            }
        });
    }
}
