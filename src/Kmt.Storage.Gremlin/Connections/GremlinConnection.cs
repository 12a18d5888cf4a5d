using System.Buffers;
using System.Net.WebSockets;
using Kmt.Storage.Gremlin.Errors;
using Kmt.Storage.Gremlin.Results;
using Kmt.Storage.Gremlin.Scripts;
using Kmt.Storage.Gremlin.Wire;

namespace Kmt.Storage.Gremlin.Connections;

/// <summary>
/// One WebSocket to the Gremlin endpoint carrying one request at a time (no multiplexing: simple, and the pool
/// gives the parallelism). Authenticates lazily: the server answers the first request with 407, the connection
/// sends SASL PLAIN, the server then answers the request. Knows when it must not be reused: broken, old, idle
/// too long (Cosmos closes idle sockets after 1 h), or its Entra token about to expire.
/// </summary>
internal sealed class GremlinConnection : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly GremlinOptions _options;
    private readonly GremlinSecretSource _secrets;
    private readonly TimeProvider _time;

    public GremlinConnection(GremlinOptions options, GremlinSecretSource secrets, TimeProvider time)
    {
        _options = options;
        _secrets = secrets;
        _time = time;
        CreatedAt = LastUsed = time.GetUtcNow();
    }

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset LastUsed { get; private set; }

    /// <summary>When the secret this connection authenticated with expires (null: a key, or not authenticated yet).</summary>
    public DateTimeOffset? SecretExpiresOn { get; private set; }

    public bool Broken { get; private set; }

    public bool IsReusable(DateTimeOffset now) =>
        !Broken
        && _socket.State == WebSocketState.Open
        && now - CreatedAt < _options.MaxConnectionAge
        && now - LastUsed < _options.IdleTimeout
        && (SecretExpiresOn is not { } expires || now < expires - _options.TokenRefreshMargin);

    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ConnectTimeout);
        try
        {
            await _socket.ConnectAsync(_options.Endpoint!, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Broken = true;
            throw new GremlinConnectionClosedException($"Could not connect to {_options.Endpoint}: {ex.Message}", inner: ex);
        }
    }

    public async Task<(List<object?> Items, GremlinResponse Final, int Chunks, double ChargeSum)> SubmitAsync(GremlinScript script, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        var requestId = Guid.NewGuid();
        try
        {
            await SendAsync(GremlinRequestWriter.Eval(requestId, script.Text, script.Bindings), timeout.Token).ConfigureAwait(false);
            var items = new List<object?>();
            var chunks = 0;
            var charge = 0.0;
            var authenticated = false;
            while (true)
            {
                var response = GremlinResponse.Parse(await ReceiveAsync(timeout.Token).ConfigureAwait(false));
                if (response.RequestId is { } id && id != requestId && response.StatusCode != 407)
                {
                    Broken = true;
                    throw new GremlinException($"Response for request {id} arrived while waiting for {requestId}.", response.StatusCode);
                }

                if (response.StatusCode == 407)
                {
                    if (authenticated)
                    {
                        throw new GremlinAuthenticationException("The server asked to authenticate twice.", 407);
                    }

                    var secret = await _secrets.GetAsync(timeout.Token).ConfigureAwait(false);
                    await SendAsync(GremlinRequestWriter.Authentication(Guid.NewGuid(), _options.ResourcePath, secret.Value), timeout.Token).ConfigureAwait(false);
                    SecretExpiresOn = secret.ExpiresOn;
                    authenticated = true;
                    continue;
                }

                charge += response.RequestCharge ?? 0;
                if (response.StatusCode is 200 or 204 or 206)
                {
                    chunks++;
                    items.AddRange(response.Data);
                    if (response.StatusCode != 206)
                    {
                        return (items, response, chunks, charge);
                    }

                    continue;
                }

                var error = GremlinErrorMapper.Map(response);
                if (error is GremlinConnectionClosedException or GremlinAuthenticationException)
                {
                    Broken = true;
                }

                throw error;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Broken = true;
            throw new GremlinTimeoutException($"No final response within {_options.RequestTimeout}.");
        }
        catch (WebSocketException ex)
        {
            Broken = true;
            throw new GremlinConnectionClosedException($"The connection failed mid-request: {ex.Message}", inner: ex);
        }
        catch (OperationCanceledException)
        {
            Broken = true;
            throw;
        }
        finally
        {
            LastUsed = _time.GetUtcNow();
        }
    }

    private Task SendAsync(byte[] frame, CancellationToken cancellationToken) =>
        _socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);

    private async Task<ReadOnlyMemory<byte>> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        while (true)
        {
            var memory = buffer.GetMemory(16 * 1024);
            var result = await _socket.ReceiveAsync(memory, cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                Broken = true;
                throw new GremlinConnectionClosedException(
                    $"The server closed the connection ({(int?)_socket.CloseStatus} {_socket.CloseStatusDescription}).",
                    cosmosStatusCode: (int?)_socket.CloseStatus);
            }

            buffer.Advance(result.Count);
            if (result.EndOfMessage)
            {
                return buffer.WrittenMemory;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Closing is best effort: the socket is abandoned either way.
        }
        finally
        {
            _socket.Dispose();
        }
    }
}
