using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kmt.Testing.Cosmos;

/// <summary>
/// A test-only HTTPS reverse proxy in front of the local Cosmos DB server (npm @vercel/cosmosdb-server).
/// It fills exactly two of the server's gaps so that Microsoft.Azure.Cosmos (Gateway mode) can run
/// the adapter's queries:
/// <list type="number">
/// <item>Query plans. On Linux the SDK cannot compute a query plan itself and asks the gateway
/// (header <c>x-ms-cosmos-is-query-plan-request: True</c>); the server has no such endpoint. The shim
/// answers with a pass-through plan over the one partition key range the server has: no ORDER BY,
/// aggregate, DISTINCT, TOP, OFFSET/LIMIT or GROUP BY rewriting, so the SDK sends the query unchanged
/// and the server itself sorts and counts. That is right for the single-partition queries KMT makes
/// (every WHERE holds userId = @u); it would NOT be right for a cross-partition ORDER BY on a real
/// multi-range container, which KMT never runs.</item>
/// <item>Missing items. The server answers a point read of a missing document with 500 (a
/// TypeError inside it); Cosmos DB answers 404 with substatus 0, which the SDK and the adapter rely on.
/// The shim rewrites that one case.</item>
/// </list>
/// Everything else passes through byte for byte. It listens on 127.0.0.1 only, with a self-signed
/// certificate made at start (<see cref="Certificate"/>), and accepts the server's expired
/// certificate only because the server is on loopback.
/// </summary>
public sealed partial class CosmosEmulatorShim : IAsyncDisposable
{
    public const string QueryPlanHeader = "x-ms-cosmos-is-query-plan-request";

    /// <summary>The plan the SDK receives for every query: pass the query through to the one range.</summary>
    public const string PassThroughQueryPlan = """
        {"partitionedQueryExecutionInfoVersion":2,"queryInfo":{"distinctType":"None","top":null,"offset":null,"limit":null,"orderBy":[],"orderByExpressions":[],"groupByExpressions":[],"groupByAliases":[],"aggregates":[],"groupByAliasToAggregateType":{},"rewrittenQuery":"","hasSelectValue":false,"dCountInfo":null,"hasNonStreamingOrderBy":false},"queryRanges":[{"min":"","max":"FF","isMinInclusive":true,"isMaxInclusive":false}]}
        """;

    private static readonly HashSet<string> HopByHopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "Upgrade", "TE", "Trailer", "Host",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private readonly Uri _upstreamUri;
    private readonly Action<string>? _trace;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TimeSpan> _createDelays = new(StringComparer.Ordinal);
    private long _queryPlans;
    private long _notFoundRewrites;

    private CosmosEmulatorShim(WebApplication app, HttpClient upstream, Uri upstreamUri, X509Certificate2 certificate, Action<string>? trace)
    {
        _app = app;
        _upstream = upstream;
        _upstreamUri = upstreamUri;
        Certificate = certificate;
        _trace = trace;
    }

    /// <summary>The shim's own address, e.g. https://127.0.0.1:41234/.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The local server the shim forwards to.</summary>
    public Uri Upstream => _upstreamUri;

    /// <summary>The self-signed certificate the shim serves (CN=127.0.0.1, SAN 127.0.0.1 and localhost).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>How many query-plan requests the shim answered (a test can assert the SDK asked).</summary>
    public long QueryPlansAnswered => Interlocked.Read(ref _queryPlans);

    /// <summary>How many 500s for a missing item became 404.</summary>
    public long NotFoundRewrites => Interlocked.Read(ref _notFoundRewrites);

    /// <summary>
    /// Starts the shim on 127.0.0.1:<paramref name="port"/> (0: a free port) in front of
    /// <paramref name="upstream"/>, which must be a loopback https or http address.
    /// </summary>
    /// <param name="trace">Receives one line per request (method, path, status, rewrite), for debugging.</param>
    public static async Task<CosmosEmulatorShim> StartAsync(Uri upstream, int port = 0, Action<string>? trace = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        if (!IsLoopback(upstream.Host))
        {
            throw new ArgumentException($"The local Cosmos DB server must be on loopback, not {upstream.Host}.", nameof(upstream));
        }

        var certificate = CreateCertificate();
        var handler = new SocketsHttpHandler
        {
            // The server's certificate is self-signed and expired: accept it, for loopback only.
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, _, _, errors) => errors == SslPolicyErrors.None || IsLoopback(upstream.Host),
            },
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            // Node closes an idle keep-alive connection after 5 s; a request sent on it at that moment
            // fails with "the response ended prematurely". Retire idle connections well before that.
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(2),
        };
        var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(options =>
        {
            options.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
            // A test proxy on loopback: on two loaded cores a starved SDK or shim can fall below Kestrel's
            // minimum data rates (240 bytes/s after a 5 s grace) and the connection is aborted mid-response,
            // which the SDK reports as "the response ended prematurely". No rate is worth that here, and an
            // idle connection the SDK still pools must not be closed under it either.
            options.Limits.MinRequestBodyDataRate = null;
            options.Limits.MinResponseDataRate = null;
            options.Limits.KeepAliveTimeout = TimeSpan.FromMinutes(10);
            options.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(certificate));
        });
        builder.Services.AddRoutingCore();
        builder.Logging.ClearProviders();
        if (ErrorLogFile.PathFromEnvironment() is { } errorLog)
        {
            // Kestrel's connection-level entries (an aborted connection and why) next to the DevHosts' errors.
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel", LogLevel.Information);
            builder.Logging.AddProvider(new ErrorLogFile(Path.Combine(Path.GetDirectoryName(errorLog) ?? ".", "cosmos-shim.log"), "cosmos-shim", LogLevel.Information));
        }

        var app = builder.Build();
        var shim = new CosmosEmulatorShim(app, client, upstream, certificate, trace);
        app.Run(shim.HandleAsync);
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var bound = new Uri(address);
        shim.Endpoint = new Uri($"https://127.0.0.1:{bound.Port}/");
        return shim;
    }

    public static bool IsLoopback(string host) =>
        host is "localhost" or "127.0.0.1" or "::1" or "[::1]"
        || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>A fresh self-signed server certificate for 127.0.0.1 / localhost, valid for a day.</summary>
    public static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Round-trip through PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>
    /// Holds every document create (POST .../docs, not a query) in database <paramref name="database"/> for
    /// <paramref name="delay"/> until the result is disposed. The local server answers requests one by one,
    /// almost in arrival order, so the interleavings a loaded real account shows (another writer's read
    /// landing between two writes of one operation) never happen here unless a write is slowed down.
    /// Scoped to one database, so test classes running in parallel are not affected.
    /// </summary>
    public IDisposable DelayDocumentCreates(string database, TimeSpan delay)
    {
        _createDelays[database] = delay;
        return new Release(() => _createDelays.TryRemove(database, out _));
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var pathAndQuery = request.Path.ToUriComponent() + request.QueryString.ToUriComponent();

        if (!_createDelays.IsEmpty && HttpMethods.IsPost(request.Method) && !request.Headers.ContainsKey("x-ms-documentdb-isquery")
            && request.Path.Value?.Split('/') is ["", "dbs", var db, "colls", _, "docs"] && _createDelays.TryGetValue(db, out var hold))
        {
            await Task.Delay(hold, context.RequestAborted);
        }

        if (string.Equals(request.Headers[QueryPlanHeader], "True", StringComparison.OrdinalIgnoreCase))
        {
            Interlocked.Increment(ref _queryPlans);
            // Drain the body (the query spec); the plan does not depend on it.
            await request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            _trace?.Invoke($"{request.Method} {pathAndQuery} -> 200 (query plan: pass-through)");
            await WriteJsonAsync(context, StatusCodes.Status200OK, PassThroughQueryPlan, substatus: null);
            return;
        }

        byte[]? requestBody = null;
        if (request.ContentLength > 0 || request.Headers.ContainsKey("Transfer-Encoding"))
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, context.RequestAborted);
            requestBody = buffer.ToArray();
        }

        HttpResponseMessage response;
        try
        {
            response = await SendUpstreamAsync(request, pathAndQuery, requestBody, context.RequestAborted);
        }
        catch (HttpRequestException first)
        {
            // The server closes every connection after its answer ("connection: close"); a request that
            // raced such a close never reached it, so one more try is safe.
            _trace?.Invoke($"{request.Method} {pathAndQuery} -> upstream failed ({first.Message}); retrying once");
            try
            {
                response = await SendUpstreamAsync(request, pathAndQuery, requestBody, context.RequestAborted);
            }
            catch (HttpRequestException second)
            {
                _trace?.Invoke($"{request.Method} {pathAndQuery} -> upstream failed again ({second.Message})");
                await WriteJsonAsync(
                    context,
                    StatusCodes.Status500InternalServerError,
                    System.Text.Json.JsonSerializer.Serialize(new { code = "InternalServerError", message = "cosmos shim: the local server did not answer: " + second.Message }),
                    substatus: "0");
                return;
            }
        }

        using var _ = response;
        var responseBody = await response.Content.ReadAsByteArrayAsync(context.RequestAborted);
        var status = (int)response.StatusCode;

        if (status == StatusCodes.Status500InternalServerError && HttpMethods.IsGet(request.Method) && DocumentPath().IsMatch(request.Path.Value ?? ""))
        {
            // The server throws a TypeError reading a document that is not there; Cosmos DB says 404/0.
            Interlocked.Increment(ref _notFoundRewrites);
            _trace?.Invoke($"{request.Method} {pathAndQuery} -> 500 rewritten to 404 ({Encoding.UTF8.GetString(responseBody)})");
            await WriteJsonAsync(
                context,
                StatusCodes.Status404NotFound,
                """{"code":"NotFound","message":"Entity with the specified id does not exist in the system."}""",
                substatus: "0");
            return;
        }

        if (request.Path == "/" && HttpMethods.IsGet(request.Method) && status == StatusCodes.Status200OK)
        {
            // The account's locations name the server itself; point them at the shim so an SDK that
            // follows them (no LimitToEndpoint) still comes through here.
            var text = Encoding.UTF8.GetString(responseBody)
                .Replace(_upstreamUri.GetLeftPart(UriPartial.Authority), Endpoint.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase);
            responseBody = Encoding.UTF8.GetBytes(text);
        }

        _trace?.Invoke($"{request.Method} {pathAndQuery} -> {status}");
        context.Response.StatusCode = status;
        foreach (var header in response.Headers.Concat(response.Content.Headers))
        {
            if (HopByHopHeaders.Contains(header.Key) || string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            context.Response.Headers[header.Key] = header.Value.ToArray();
        }

        if (status is StatusCodes.Status204NoContent or StatusCodes.Status304NotModified)
        {
            // HTTP forbids a body here, and Kestrel throws on writing one; the local server sends one anyway
            // (a 204 delete, a 304 change-feed read). Writing it turned these answers into 500s or aborted
            // connections ("the response ended prematurely" in the SDK), so the body is dropped.
            return;
        }

        context.Response.ContentLength = responseBody.Length;
        await context.Response.Body.WriteAsync(responseBody, context.RequestAborted);
    }

    private Task<HttpResponseMessage> SendUpstreamAsync(HttpRequest request, string pathAndQuery, byte[]? body, CancellationToken cancellationToken)
    {
        var upstreamRequest = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(_upstreamUri, pathAndQuery));
        if (body is not null)
        {
            upstreamRequest.Content = new ByteArrayContent(body);
        }

        foreach (var header in request.Headers)
        {
            if (HopByHopHeaders.Contains(header.Key))
            {
                continue;
            }

            if (!upstreamRequest.Headers.TryAddWithoutValidation(header.Key, (IEnumerable<string?>)header.Value))
            {
                upstreamRequest.Content ??= new ByteArrayContent([]);
                upstreamRequest.Content.Headers.TryAddWithoutValidation(header.Key, (IEnumerable<string?>)header.Value);
            }
        }

        return _upstream.SendAsync(upstreamRequest, HttpCompletionOption.ResponseContentRead, cancellationToken);
    }

    private static async Task WriteJsonAsync(HttpContext context, int status, string json, string? substatus)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers["x-ms-activity-id"] = Guid.NewGuid().ToString();
        context.Response.Headers["x-ms-request-charge"] = "0";
        if (substatus is not null)
        {
            context.Response.Headers["x-ms-substatus"] = substatus;
        }

        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    // dbs/{db}/colls/{coll}/docs/{id}
    [GeneratedRegex("^/dbs/[^/]+/colls/[^/]+/docs/[^/]+/?$", RegexOptions.CultureInvariant)]
    private static partial Regex DocumentPath();

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(timeout.Token);
        }
        finally
        {
            await _app.DisposeAsync();
            _upstream.Dispose();
            Certificate.Dispose();
        }
    }

    private sealed class Release(Action release) : IDisposable
    {
        public void Dispose() => release();
    }
}
