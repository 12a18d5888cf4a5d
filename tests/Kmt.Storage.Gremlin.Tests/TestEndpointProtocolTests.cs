using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Kmt.Storage.Gremlin.Wire;
using Kmt.Testing.Gremlin.Server;

namespace Kmt.Storage.Gremlin.Tests;

/// <summary>The test endpoint's wire behaviour, driven with a raw WebSocket: what KMT's client never sends.</summary>
public sealed class TestEndpointProtocolTests : IAsyncLifetime
{
    private GremlinTestServer _server = null!;
    private ClientWebSocket _socket = null!;

    public async Task InitializeAsync()
    {
        _server = await GremlinTestServer.StartAsync();
        _socket = new ClientWebSocket();
        await _socket.ConnectAsync(_server.Endpoint, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        _socket.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task An_eval_before_authentication_gets_407_then_runs_after_sasl_with_its_own_request_id()
    {
        var id = Guid.NewGuid();
        await Send(GremlinRequestWriter.Eval(id, "g.inject(_v0)", new Dictionary<string, object> { ["_v0"] = 5L }));
        var challenge = await Receive();
        Assert.Equal(407, Status(challenge));
        Assert.Equal(id.ToString(), challenge.RootElement.GetProperty("requestId").GetString());

        await Send(GremlinRequestWriter.Authentication(Guid.NewGuid(), "/dbs/kmt/colls/knowledge", "test-key"));
        var result = await Receive();
        Assert.Equal(200, Status(result));
        Assert.Equal(id.ToString(), result.RootElement.GetProperty("requestId").GetString());
        Assert.Equal("[5]", result.RootElement.GetProperty("result").GetProperty("data").GetRawText());
    }

    [Theory]
    [InlineData("/dbs/kmt/colls/other", "test-key")]
    [InlineData("/dbs/kmt/colls/knowledge", "not-the-key")]
    public async Task Wrong_sasl_user_or_secret_gets_401(string user, string secret)
    {
        await Send(GremlinRequestWriter.Eval(Guid.NewGuid(), "g.V()", new Dictionary<string, object>()));
        Assert.Equal(407, Status(await Receive()));
        await Send(GremlinRequestWriter.Authentication(Guid.NewGuid(), user, secret));
        var refused = await Receive();
        Assert.Equal(401, Status(refused));
        Assert.Contains("Invalid credentials", refused.RootElement.GetProperty("status").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, _server.FailedAuthentications);
    }

    [Fact]
    public async Task Bytecode_another_mime_type_and_a_missing_header_are_refused()
    {
        var bytecode = Encoding.UTF8.GetBytes("""{"requestId":"6457e5b5-3fd7-4e1e-9a0a-1b1b8f7e5a11","op":"bytecode","processor":"traversal","args":{"gremlin":{}}}""");
        await Send(GremlinFrame.Encode(bytecode));
        Assert.Equal(499, Status(await Receive()));

        var v3Mime = Encoding.ASCII.GetBytes("application/vnd.gremlin-v3.0+json");
        var frame = new byte[] { (byte)v3Mime.Length }.Concat(v3Mime).Concat(Encoding.UTF8.GetBytes("""{"requestId":"6457e5b5-3fd7-4e1e-9a0a-1b1b8f7e5a11","op":"eval","processor":"","args":{"gremlin":"g.V()"}}""")).ToArray();
        await Send(frame);
        var v3 = await Receive();
        Assert.Equal(499, Status(v3));
        Assert.Contains("v2.0", v3.RootElement.GetProperty("status").GetProperty("message").GetString(), StringComparison.Ordinal);

        await Send([0]);
        Assert.Equal(498, Status(await Receive()));
    }

    private Task Send(byte[] frame) => _socket.SendAsync(frame, WebSocketMessageType.Binary, true, CancellationToken.None);

    private async Task<JsonDocument> Receive()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var buffer = new byte[64 * 1024];
        var count = 0;
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer.AsMemory(count), timeout.Token);
            count += result.Count;
            if (result.EndOfMessage)
            {
                return JsonDocument.Parse(buffer.AsMemory(0, count));
            }
        }
    }

    private static int Status(JsonDocument response) => response.RootElement.GetProperty("status").GetProperty("code").GetInt32();
}
