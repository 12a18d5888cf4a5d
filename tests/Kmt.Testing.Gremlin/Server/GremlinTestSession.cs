using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Kmt.Testing.Gremlin.Language;

namespace Kmt.Testing.Gremlin.Server;

/// <summary>
/// One client connection: unauthenticated until SASL PLAIN succeeds (the first eval gets 407 and is run once
/// the authentication arrives), then runs eval requests one by one and streams their results in 206 chunks.
/// </summary>
internal sealed class GremlinTestSession
{
    private const string Mime = "application/vnd.gremlin-v2.0+json";
    private readonly GremlinTestServer _server;
    private readonly WebSocket _socket;
    private bool _authenticated;
    private JsonDocument? _pending;

    public GremlinTestSession(GremlinTestServer server, WebSocket socket)
    {
        _server = server;
        _socket = socket;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var message = await ReceiveAsync(cancellationToken);
                if (message is null)
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    return;
                }

                if (!await HandleAsync(message, cancellationToken))
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            _socket.Abort();
        }
        finally
        {
            _pending?.Dispose();
        }
    }

    /// <summary>False when the session must end (an injected 1008 close).</summary>
    private async Task<bool> HandleAsync(byte[] frame, CancellationToken ct)
    {
        if (frame.Length < 1 || frame[0] == 0 || frame.Length < 1 + frame[0])
        {
            await SendAsync(Guid.Empty, 498, "Malformed request: a frame starts with the MIME type's length and the MIME type.", 400, null, ct);
            return true;
        }

        var mime = Encoding.ASCII.GetString(frame, 1, frame[0]);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(frame.AsMemory(1 + frame[0]));
        }
        catch (JsonException)
        {
            await SendAsync(Guid.Empty, 498, "Malformed request: the body is not JSON.", 400, null, ct);
            return true;
        }

        var root = document.RootElement;
        var requestId = root.TryGetProperty("requestId", out var rid) && Guid.TryParse(rid.GetString(), out var g) ? g : Guid.Empty;
        var op = root.TryGetProperty("op", out var o) ? o.GetString() : null;
        var processor = root.TryGetProperty("processor", out var p) ? p.GetString() : null;
        if (mime != Mime)
        {
            document.Dispose();
            await SendAsync(requestId, 499, $"Unsupported MIME type '{mime}': Cosmos DB for Apache Gremlin speaks {Mime} only.", 400, null, ct);
            return true;
        }

        if (op == "bytecode" || processor == "traversal")
        {
            document.Dispose();
            await SendAsync(requestId, 499, "Bytecode requests are not supported: send a script (op 'eval').", 400, null, ct);
            return true;
        }

        if (op == "authentication")
        {
            using (document)
            {
                return await AuthenticateAsync(root, ct);
            }
        }

        if (op != "eval")
        {
            document.Dispose();
            await SendAsync(requestId, 499, $"Unsupported op '{op}'.", 400, null, ct);
            return true;
        }

        if (!_authenticated)
        {
            _pending?.Dispose();
            _pending = document;
            await SendAsync(requestId, 407, "Authentication required (SASL PLAIN).", 407, null, ct);
            return true;
        }

        using (document)
        {
            return await EvalAsync(requestId, root, ct);
        }
    }

    private async Task<bool> AuthenticateAsync(JsonElement root, CancellationToken ct)
    {
        var pendingId = _pending is null ? Guid.Empty : Guid.Parse(_pending.RootElement.GetProperty("requestId").GetString()!);
        string? user = null, secret = null;
        try
        {
            var sasl = root.GetProperty("args").GetProperty("sasl").GetString()!;
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(sasl)).Split('\0');
            if (parts.Length == 3)
            {
                (user, secret) = (parts[1], parts[2]);
            }
        }
        catch (Exception ex) when (ex is KeyNotFoundException or FormatException or InvalidOperationException)
        {
            // Falls through to 401 below.
        }

        if (user is null || secret is null || !_server.CheckSecret(user, secret))
        {
            await SendAsync(pendingId, 401, "Unauthorized: Invalid credentials provided", 401, null, ct);
            return true;
        }

        _authenticated = true;
        if (_pending is { } pending)
        {
            _pending = null;
            using (pending)
            {
                return await EvalAsync(pendingId, pending.RootElement, ct);
            }
        }

        return true;
    }

    private async Task<bool> EvalAsync(Guid requestId, JsonElement root, CancellationToken ct)
    {
        var args = root.GetProperty("args");
        var script = args.TryGetProperty("gremlin", out var s) ? s.GetString() ?? string.Empty : string.Empty;
        var bindingsJson = args.TryGetProperty("bindings", out var b) ? b.GetRawText() : "{}";
        _server.Record(new RecordedRequest(requestId, script, bindingsJson));
        var watch = Stopwatch.StartNew();

        if (_server.TryTakeFault(out var fault))
        {
            await SendAsync(requestId, fault.GremlinStatus, fault.Message, fault.CosmosStatus, null, ct, retryAfter: fault.RetryAfter);
            if (fault.CloseConnection)
            {
                await _socket.CloseAsync(WebSocketCloseStatus.PolicyViolation, "1008 server busy", ct);
                return false;
            }

            return true;
        }

        if (Encoding.UTF8.GetByteCount(script) > _server.Options.MaxScriptBytes)
        {
            await SendAsync(requestId, 499, $"The script is over {_server.Options.MaxScriptBytes} bytes.", 1004, null, ct);
            return true;
        }

        List<object?> results;
        int writes;
        try
        {
            var bindings = b.ValueKind == JsonValueKind.Object
                ? b.EnumerateObject().ToDictionary(x => x.Name, x => FromJson(x.Value), StringComparer.Ordinal)
                : new Dictionary<string, object?>();
            var interpreter = new GremlinInterpreter(_server.Graph, bindings, _server.Options.MaxRepeatHops);
            results = interpreter.Execute(GremlinParser.Parse(script));
            writes = interpreter.Writes;
        }
        catch (GremlinError error)
        {
            var message = $"ExceptionType : {error.ExceptionType}\r\nExceptionMessage :\r\n\t{error.Message}";
            await SendAsync(requestId, error.GremlinStatus, message, error.CosmosStatus, null, ct, charge: 1.0);
            return true;
        }

        var total = Math.Round(1.0 + (0.1 * results.Count) + (5.0 * writes), 2);
        var size = Math.Max(1, _server.Options.ChunkSize);
        var chunks = results.Count == 0 ? 1 : (results.Count + size - 1) / size;
        var perChunk = Math.Round(total / chunks, 4);
        for (var i = 0; i < chunks; i++)
        {
            var last = i == chunks - 1;
            var data = results.Skip(i * size).Take(size).ToList();
            var charge = last ? Math.Round(total - (perChunk * i), 4) : perChunk;
            var code = !last ? 206 : results.Count == 0 ? 204 : 200;
            await SendAsync(requestId, code, string.Empty, 200, code == 204 ? null : data, ct, charge: charge, totalCharge: last ? total : Math.Round(perChunk * (i + 1), 4), serverMs: watch.Elapsed.TotalMilliseconds);
        }

        return true;
    }

    private static object? FromJson(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.TryGetInt64(out var l) ? (object)l : e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array => e.EnumerateArray().Select(FromJson).ToList(),
        JsonValueKind.Object => e.EnumerateObject().ToDictionary(p => p.Name, p => FromJson(p.Value), StringComparer.Ordinal),
        _ => null,
    };

    private async Task SendAsync(Guid requestId, int code, string message, int cosmosStatus, List<object?>? data, CancellationToken ct, double charge = 0, double? totalCharge = null, double serverMs = 0, TimeSpan? retryAfter = null)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("requestId", requestId);
            w.WriteStartObject("status");
            w.WriteNumber("code", code);
            w.WriteString("message", message);
            w.WriteStartObject("attributes");
            w.WriteNumber("x-ms-status-code", cosmosStatus);
            w.WriteNumber("x-ms-substatus-code", cosmosStatus == 429 ? 3200 : 0);
            w.WriteNumber("x-ms-request-charge", charge);
            w.WriteNumber("x-ms-total-request-charge", totalCharge ?? charge);
            w.WriteNumber("x-ms-server-time-ms", Math.Round(serverMs, 4));
            w.WriteNumber("x-ms-total-server-time-ms", Math.Round(serverMs, 4));
            w.WriteString("x-ms-activity-id", Guid.NewGuid());
            if (retryAfter is { } after)
            {
                w.WriteString("x-ms-retry-after-ms", after.ToString("c", CultureInfo.InvariantCulture));
            }

            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartObject("result");
            w.WritePropertyName("data");
            GraphSonWriter.Write(w, data);
            w.WriteStartObject("meta");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        await _socket.SendAsync(stream.ToArray(), WebSocketMessageType.Binary, true, ct);
    }

    private async Task<byte[]?> ReceiveAsync(CancellationToken ct)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer.GetMemory(16 * 1024), ct);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            buffer.Advance(result.Count);
            if (result.EndOfMessage)
            {
                return buffer.WrittenSpan.ToArray();
            }
        }
    }
}
