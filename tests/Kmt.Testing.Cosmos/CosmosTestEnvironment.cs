namespace Kmt.Testing.Cosmos;

/// <summary>
/// The emulated Cosmos DB for NoSQL the tests use: the local server (<see cref="LocalCosmosServer"/>)
/// behind the shim (<see cref="CosmosEmulatorShim"/>), started once per test process and shared.
/// Tests keep apart by database: <see cref="NewDatabaseName"/> gives each test class (or fixture)
/// its own, so runs and classes never see each other's data.
/// </summary>
public sealed class CosmosTestEnvironment : IAsyncDisposable
{
    /// <summary>The emulator's well-known, public account key (the server accepts any key).</summary>
    public const string EmulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    /// <summary>The configuration section the Cosmos adapter reads.</summary>
    public const string Section = "Kmt:Cosmos";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static CosmosTestEnvironment? _shared;

    private readonly LocalCosmosServer _server;

    private CosmosTestEnvironment(LocalCosmosServer server, CosmosEmulatorShim shim)
    {
        _server = server;
        Shim = shim;
    }

    public CosmosEmulatorShim Shim { get; }

    /// <summary>The local server's own address (behind the shim).</summary>
    public Uri ServerUrl => _server.Url;

    /// <summary>The shim's address, which clients use.</summary>
    public Uri Endpoint => Shim.Endpoint;

    /// <summary>A connection string for the shim: AccountEndpoint=https://127.0.0.1:PORT/;AccountKey=(emulator key);</summary>
    public string ConnectionString => $"AccountEndpoint={Endpoint};AccountKey={EmulatorKey};";

    /// <summary>
    /// The process-wide environment, started on first use and stopped when the process exits.
    /// Sets COSMOS_DISABLE_IMDS_ACCESS=true so the SDK never probes the Azure metadata address.
    /// </summary>
    public static async Task<CosmosTestEnvironment> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_shared is not null)
        {
            return _shared;
        }

        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (_shared is not null)
            {
                return _shared;
            }

            // KMT_COSMOS_SHIM_TRACE=1 prints one line per request the shim sees (debugging aid).
            Action<string>? trace = Environment.GetEnvironmentVariable("KMT_COSMOS_SHIM_TRACE") == "1"
                ? line => Console.Error.WriteLine("[cosmos-shim] " + line)
                : null;
            _shared = await StartAsync(trace, cancellationToken);
            var shared = _shared;
            AppDomain.CurrentDomain.ProcessExit += (_, _) => shared.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10));
            return _shared;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>A new environment owned by the caller (the shim console uses this); most tests want <see cref="GetAsync"/>.</summary>
    public static async Task<CosmosTestEnvironment> StartAsync(Action<string>? trace = null, CancellationToken cancellationToken = default, int shimPort = 0)
    {
        Environment.SetEnvironmentVariable("COSMOS_DISABLE_IMDS_ACCESS", "true");
        var server = await LocalCosmosServer.StartOrConnectAsync(cancellationToken);
        try
        {
            var shim = await CosmosEmulatorShim.StartAsync(server.Url, shimPort, trace, cancellationToken);
            return new CosmosTestEnvironment(server, shim);
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>A database name no other test class or run uses: "{prefix}-{random}", within Cosmos DB's rules.</summary>
    public static string NewDatabaseName(string prefix)
    {
        var clean = new string(prefix.Where(c => char.IsAsciiLetterOrDigit(c) || c == '-').ToArray());
        if (clean.Length > 40)
        {
            clean = clean[..40];
        }

        return $"{(clean.Length == 0 ? "kmt" : clean)}-{Guid.NewGuid():N}";
    }

    /// <summary>
    /// The Kmt:Cosmos settings for the adapter against this environment: the shim's connection string,
    /// <paramref name="database"/>, containers created on demand, the loopback certificate accepted,
    /// and the two features the local server lacks (transactional batch, delete by partition key) off.
    /// </summary>
    public Dictionary<string, string?> Settings(string database) => new()
    {
        [$"{Section}:ConnectionString"] = ConnectionString,
        [$"{Section}:Database"] = database,
        [$"{Section}:CreateIfNotExists"] = "true",
        [$"{Section}:AcceptLoopbackCertificate"] = "true",
        [$"{Section}:UseTransactionalBatch"] = "false",
        [$"{Section}:UsePartitionDelete"] = "false",
    };

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Shim.DisposeAsync();
        }
        finally
        {
            _server.Dispose();
        }
    }
}
