namespace Kmt.Storage.Cosmos;

/// <summary>
/// Configuration section "Kmt:Cosmos": the Cosmos DB for NoSQL account of the storage ports
/// (see docs/azure-layout.md for the database and container names).
/// </summary>
public sealed class CosmosStoreOptions
{
    public const string Section = "Kmt:Cosmos";

    public const string DefaultDatabase = "kmt";

    /// <summary>The account endpoint (https://...documents.azure.com:443/), reached with managed identity (DefaultAzureCredential).</summary>
    public string? Endpoint { get; set; }

    /// <summary>Client id of the user-assigned managed identity used with <see cref="Endpoint"/>.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>AccountEndpoint=...;AccountKey=... for local emulators only; never in Azure (use <see cref="Endpoint"/>).</summary>
    public string? ConnectionString { get; set; }

    public string Database { get; set; } = DefaultDatabase;

    /// <summary>
    /// Creates the database and the containers of <see cref="ContainerDefinitions"/> on first use. False in
    /// production (infra creates them, with the same definitions); true for local servers and tests.
    /// </summary>
    public bool CreateIfNotExists { get; set; }

    /// <summary>
    /// Writes that must be atomic within one partition (an item with its version, a session rotation) use a
    /// TransactionalBatch. The local test server cannot run batches: false there, and the writes are ordered
    /// instead (see the stores' remarks for what that leaves open).
    /// </summary>
    public bool UseTransactionalBatch { get; set; } = true;

    /// <summary>
    /// Erasure deletes a user's partition with DeleteAllItemsByPartitionKey (Azure). False: query the
    /// partition's ids and delete them one by one (local servers without that operation).
    /// </summary>
    public bool UsePartitionDelete { get; set; } = true;

    /// <summary>
    /// Accepts any TLS certificate, but only from a loopback host (the local test server's certificate is
    /// self-signed and expired). Ignored for every other host, whose certificate is validated as usual.
    /// </summary>
    public bool AcceptLoopbackCertificate { get; set; }

    /// <summary>
    /// "Direct" or "Gateway". Unset: Direct with <see cref="Endpoint"/> (Azure), Gateway with
    /// <see cref="ConnectionString"/> (local servers speak only the gateway protocol).
    /// </summary>
    public string? ConnectionMode { get; set; }

    /// <summary>
    /// Talk only to the configured endpoint, never to the regions the account advertises. Unset: true with
    /// <see cref="ConnectionString"/> (local servers), false with <see cref="Endpoint"/>.
    /// </summary>
    public bool? LimitToEndpoint { get; set; }

    internal bool UsesConnectionString => !string.IsNullOrWhiteSpace(ConnectionString);

    /// <summary>How many items an offset page (page=N without a cursor) may skip by reading and discarding them.</summary>
    public int MaxSkip { get; set; } = 10_000;

    /// <summary>Attempts of an optimistic read-modify-write before it gives up with PRECONDITION_FAILED.</summary>
    public int MaxWriteAttempts { get; set; } = 8;

    /// <summary>Kept after a credential's expiry before Cosmos DB's TTL removes it (reuse detection needs used tokens a while).</summary>
    public TimeSpan CredentialTtlGrace { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How long a pending uniqueness claim (an e-mail key, a tag name) is protected while its owner's
    /// document is being written; after it, a claim whose owner document never appeared is an orphan that
    /// the next claimer takes over (docs/design/storage.md, "Uniqueness on Cosmos DB").
    /// </summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// GET tags counts each tag's items with its own index-served query (docs/design/storage.md, "Tag
    /// counts"); this many run at once at most.
    /// </summary>
    public int TagCountParallelism { get; set; } = 8;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Endpoint) || !string.IsNullOrWhiteSpace(ConnectionString);
}
