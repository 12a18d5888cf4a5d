using System.Text;
using Azure.Core;
using Kmt.Storage.Gremlin.Connections;
using Kmt.Storage.Gremlin.Errors;
using Kmt.Storage.Gremlin.Results;
using Kmt.Storage.Gremlin.Scripts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;

namespace Kmt.Storage.Gremlin;

/// <summary>
/// KMT's client for Cosmos DB for Apache Gremlin (docs/design/graph.md "The Gremlin client"): a pool of
/// WebSockets, scripts with bindings in GraphSON v2, SASL PLAIN with an Entra token or the key, 206 chunks
/// collected, request charge logged, 429, 412 and 1007/1008 retried by a Polly pipeline that waits what
/// x-ms-retry-after-ms says.
/// </summary>
public sealed class GremlinClient : IGremlinClient, IAsyncDisposable, IDisposable
{
    private readonly GremlinOptions _options;
    private readonly ILogger _logger;
    private readonly GremlinConnectionPool _pool;
    private readonly ResiliencePipeline _retry;

    public GremlinClient(GremlinOptions options, TokenCredential? credential, ILogger<GremlinClient>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        ValidateEndpoint(options.Endpoint);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        var time = timeProvider ?? TimeProvider.System;
        _pool = new GremlinConnectionPool(options, new GremlinSecretSource(options, credential), time);
        _retry = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<GremlinThrottledException>().Handle<GremlinConnectionClosedException>().Handle<GremlinPreconditionFailedException>(),
                MaxRetryAttempts = Math.Max(1, options.MaxRetries),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRetryDelay,
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is GremlinException { RetryAfter: { } after }
                        ? (TimeSpan?)(after < options.MaxRetryDelay ? after : options.MaxRetryDelay)
                        : null),
                OnRetry = args =>
                {
                    _logger.LogWarning(
                        "Gremlin request retried (attempt {Attempt}) after {Delay}: {Reason}",
                        args.AttemptNumber + 1,
                        args.RetryDelay,
                        args.Outcome.Exception?.Message);
                    return default;
                },
            })
            .Build();
    }

    /// <summary>Sockets opened so far, reconnects included (for tests and diagnostics).</summary>
    public int ConnectionsOpened => _pool.Opened;

    public async Task<GremlinResultSet> SubmitAsync(GremlinScript script, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        var bytes = Encoding.UTF8.GetByteCount(script.Text);
        if (bytes > _options.MaxScriptBytes)
        {
            throw new GremlinScriptTooLargeException(bytes, _options.MaxScriptBytes);
        }

        var attempts = 0;
        var result = await _retry.ExecuteAsync(
            async token =>
            {
                attempts++;
                var connection = await _pool.RentAsync(token).ConfigureAwait(false);
                try
                {
                    return await connection.SubmitAsync(script, token).ConfigureAwait(false);
                }
                finally
                {
                    await _pool.ReturnAsync(connection).ConfigureAwait(false);
                }
            },
            cancellationToken).ConfigureAwait(false);

        var charge = result.Final.TotalRequestCharge ?? result.ChargeSum;
        _logger.LogInformation(
            "Gremlin request: status {Status}, {Count} results in {Chunks} responses, {Charge} RU, {Attempts} attempts",
            result.Final.StatusCode,
            result.Items.Count,
            result.Chunks,
            charge,
            attempts);
        return new GremlinResultSet(result.Items, result.Final.StatusCode, charge, result.Chunks, attempts, result.Final.Attributes);
    }

    public ValueTask DisposeAsync() => _pool.DisposeAsync();

    /// <summary>For containers disposed synchronously (a DI container refuses to dispose an IAsyncDisposable-only singleton that way).</summary>
    public void Dispose() => _pool.DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static void ValidateEndpoint(Uri? endpoint)
    {
        if (endpoint is null)
        {
            throw new InvalidOperationException($"{GremlinOptions.Section}:Endpoint is not set.");
        }

        var secure = endpoint.Scheme == "wss";
        var loopback = endpoint.Scheme == "ws" && endpoint.IsLoopback;
        if (!secure && !loopback)
        {
            throw new InvalidOperationException($"{GremlinOptions.Section}:Endpoint must be wss:// (ws:// only for a loopback test endpoint), not {endpoint.Scheme}://.");
        }
    }
}
