using System.Collections.Concurrent;
using System.Net;
using Kmt.Testing.Gremlin.Graph;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kmt.Testing.Gremlin.Server;

/// <summary>
/// TEST DOUBLE of a Cosmos DB for Apache Gremlin endpoint (README.md, docs/azure-verification.md): a Kestrel
/// WebSocket server on 127.0.0.1 and a random port, speaking Cosmos's framing, SASL PLAIN, GraphSON v2, 206
/// chunks and status attributes, over an in-memory partitioned graph. Never a production dependency.
/// </summary>
public sealed class GremlinTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<GremlinFault> _faults = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentQueue<string> _secretsSeen = new();
    private int _connections;
    private int _authentications;
    private int _failedAuthentications;

    private GremlinTestServer(WebApplication app, GremlinTestServerOptions options)
    {
        _app = app;
        Options = options;
        Graph = new TestGraph(options.PartitionKeyProperty);
    }

    public GremlinTestServerOptions Options { get; }

    /// <summary>The graph behind the endpoint, for assertions (lock Graph.Sync while reading).</summary>
    public TestGraph Graph { get; }

    /// <summary>ws://127.0.0.1:{port}/ (the client accepts ws:// for loopback only).</summary>
    public Uri Endpoint { get; private set; } = null!;

    public int ConnectionsAccepted => Volatile.Read(ref _connections);

    public int Authentications => Volatile.Read(ref _authentications);

    public int FailedAuthentications => Volatile.Read(ref _failedAuthentications);

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToList();

    /// <summary>The SASL passwords presented, in order (accepted or not).</summary>
    public IReadOnlyList<string> SecretsSeen => _secretsSeen.ToList();

    public static async Task<GremlinTestServer> StartAsync(GremlinTestServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new GremlinTestServer(app, options ?? new GremlinTestServerOptions());
        app.UseWebSockets();
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Endpoint = new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal).TrimEnd('/') + "/");
        return server;
    }

    /// <summary>The next eval request (after authentication) gets this fault instead of running.</summary>
    public void InjectFault(GremlinFault fault) => _faults.Enqueue(fault);

    internal bool TryTakeFault(out GremlinFault fault) => _faults.TryDequeue(out fault!);

    internal void Record(RecordedRequest request) => _requests.Enqueue(request);

    internal bool CheckSecret(string user, string secret)
    {
        _secretsSeen.Enqueue(secret);
        var ok = user == Options.ResourcePath && Options.AcceptedSecrets.Contains(secret);
        Interlocked.Increment(ref ok ? ref _authentications : ref _failedAuthentications);
        return ok;
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        Interlocked.Increment(ref _connections);
        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        await new GremlinTestSession(this, socket).RunAsync(linked.Token).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }
}
