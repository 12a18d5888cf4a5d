namespace Kmt.Storage.Gremlin;

/// <summary>
/// Configuration section "Kmt:Gremlin": the Cosmos DB for Apache Gremlin account of the graph store
/// (docs/design/graph.md "The Gremlin client"). Every limit is configuration; defaults follow Cosmos's limits.
/// </summary>
public sealed class GremlinOptions
{
    public const string Section = "Kmt:Gremlin";

    /// <summary>Cosmos's limit on a script's text (values travel in bindings).</summary>
    public const int CosmosMaxScriptBytes = 64 * 1024;

    /// <summary>wss://{account}.gremlin.cosmos.azure.com:443/ (ws:// is accepted for loopback hosts only: the test endpoint).</summary>
    public Uri? Endpoint { get; set; }

    public string Database { get; set; } = "kmt";

    public string Graph { get; set; } = "knowledge";

    public GremlinAuthMode AuthMode { get; set; } = GremlinAuthMode.Entra;

    /// <summary>The account key, for <see cref="GremlinAuthMode.Key"/> only: set it with a Key Vault reference, never in plain settings.</summary>
    public string? Key { get; set; }

    /// <summary>Client id of a user-assigned managed identity (Entra mode); unset: DefaultAzureCredential's own choice.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Connections kept open; each carries one request at a time.</summary>
    public int PoolSize { get; set; } = 4;

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Client-side limit per attempt; a little above Cosmos's own 30 s per traversal.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(35);

    /// <summary>Cosmos closes idle sockets after 1 h: a connection idle this long is reopened before use.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(50);

    /// <summary>A connection older than this is reopened before use, whatever its traffic.</summary>
    public TimeSpan MaxConnectionAge { get; set; } = TimeSpan.FromMinutes(55);

    /// <summary>An Entra-authenticated connection is reopened this long before its token's ExpiresOn.</summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Retries of 429, 412 and 1007/1008 (and a socket closed mid-request): scripts must be safe to resubmit.</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>Back-off base when the server sent no x-ms-retry-after-ms.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>A longer x-ms-retry-after-ms is capped to this.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public int MaxScriptBytes { get; set; } = CosmosMaxScriptBytes;

    /// <summary>The vertex property that holds the partition key: the graph's partition key path (/userId in infra/modules/cosmos-gremlin.bicep).</summary>
    public string PartitionKeyProperty { get; set; } = "userId";

    /// <summary>Graph store writes: at most this many upserts or inserts per script (each script also stays under <see cref="MaxScriptBytes"/>, bindings counted), so one request stays well inside Cosmos's 30 s.</summary>
    public int MaxOperationsPerScript { get; set; } = 20;

    /// <summary>Graph store reads: at most this many ids in one within() list.</summary>
    public int MaxIdsPerScript { get; set; } = 200;

    /// <summary>The SASL user name: the graph's resource path.</summary>
    public string ResourcePath => $"/dbs/{Database}/colls/{Graph}";
}
