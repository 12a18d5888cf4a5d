using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Kmt.EndToEnd.Tests.Infrastructure;

namespace Kmt.EndToEnd.Tests.Realtime;

/// <summary>
/// GET realtime/negotiate and the connection it names: a user's own changes arrive as
/// {type, channel, data, at}; another user's never do; a connection without a valid ticket is refused.
/// </summary>
[Collection(DevHostCollection.Name)]
public sealed class RealtimeTests(DevHostFixture host)
{
    [Fact]
    public async Task Each_user_receives_only_their_own_item_changes()
    {
        var a = await host.RegisterAsync();
        var b = await host.RegisterAsync();
        using var socketA = await ConnectAsync(a);
        using var socketB = await ConnectAsync(b);

        var itemA = await a.CreateItemAsync("A's private note", "only A may hear of this", "realtime");
        var messageA = await ReceiveAsync(socketA);
        Assert.Equal("item_changed", messageA.Str("type"));
        Assert.Equal("items", messageA.Str("channel"));
        Assert.Equal(itemA.Str("id"), messageA["data"]!.Str("item_id"));
        Assert.Equal("created", messageA["data"]!.Str("change"));
        Assert.True(DateTimeOffset.TryParse(messageA.Str("at"), out _));

        // B's first message is about B's own item: had A's message leaked, it would have come first.
        var itemB = await b.CreateItemAsync("B's note", "B's own words", "realtime");
        var messageB = await ReceiveAsync(socketB);
        Assert.Equal(itemB.Str("id"), messageB["data"]!.Str("item_id"));

        (await a.Client.DeleteAsync($"{KmtApi.Knowledge}/{itemA.Str("id")}")).Expect(HttpStatusCode.OK);
        var deleted = await ReceiveAsync(socketA);
        Assert.Equal("deleted", deleted["data"]!.Str("change"));
        Assert.Equal(itemA.Str("id"), deleted["data"]!.Str("item_id"));
    }

    [Fact]
    public async Task Negotiate_needs_a_token_and_the_endpoint_refuses_a_bad_ticket()
    {
        var anonymous = host.CreateClient();
        (await anonymous.GetAsync("/api/v1/realtime/negotiate")).Expect(HttpStatusCode.Unauthorized);

        var a = await host.RegisterAsync();
        using var socket = new ClientWebSocket();
        var forged = new UriBuilder(host.BaseAddress) { Scheme = "ws", Path = "/api/v1/realtime/ws", Query = "access_token=" + a.AccessToken }.Uri;
        // An API access token is not a real-time ticket (another audience).
        await Assert.ThrowsAnyAsync<WebSocketException>(() => socket.ConnectAsync(forged, CancellationToken.None));
    }

    private async Task<ClientWebSocket> ConnectAsync(SignedInUser user)
    {
        var negotiated = (await user.Client.GetAsync("/api/v1/realtime/negotiate")).Expect(HttpStatusCode.OK).Data;
        var url = new Uri(negotiated.Str("url"));
        Assert.Equal("ws", url.Scheme);
        Assert.Contains(Uri.EscapeDataString(negotiated.Str("access_token")), url.Query, StringComparison.Ordinal);
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(url, CancellationToken.None);
        return socket;
    }

    private static async Task<JsonNode> ReceiveAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        var text = new StringBuilder();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, timeout.Token);
            text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
        while (!result.EndOfMessage);
        return JsonNode.Parse(text.ToString())!;
    }
}
