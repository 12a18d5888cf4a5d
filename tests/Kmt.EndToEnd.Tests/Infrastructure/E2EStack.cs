using Kmt.Testing.Cosmos;
using Kmt.Testing.Gremlin.Server;

namespace Kmt.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Which stack the end-to-end suite runs the DevHost on. Default: the embedded store (SQLite and a
/// local blob folder). KMT_E2E_STACK=emulated-azure: the emulated Azure stack, i.e. the Cosmos DB adapter
/// on the local Cosmos DB server behind the test shim (tests/Kmt.Testing.Cosmos), the knowledge graph on
/// the Gremlin test endpoint (tests/Kmt.Testing.Gremlin, a test double of Cosmos DB for Apache Gremlin) and Azure Blob Storage
/// on Azurite (KMT_AZURITE_CONNECTION_STRING). .ci/run runs the suite once on each.
/// </summary>
public static class E2EStack
{
    public const string Variable = "KMT_E2E_STACK";
    public const string EmulatedAzure = "emulated-azure";
    public const string AzuriteVariable = "KMT_AZURITE_CONNECTION_STRING";

    // On the emulated stack every DevHost of the run shares one Azurite account (so one "uploads"
    // container, which every host's blob trigger scans) and therefore also one Cosmos DB database: a
    // host that picks up a blob another host left behind (a restart test does so on purpose) must find
    // its upload, or it would quarantine it. And DevHosts run one at a time, so that a blob is always
    // ingested by a host with the settings of the test that uploaded it. The embedded stack gives each
    // host its own folder for both, so it needs neither.
    private static readonly SemaphoreSlim HostSlot = new(1, 1);
    private static readonly string RunDatabase = CosmosTestEnvironment.NewDatabaseName("e2e");

    // One Gremlin test endpoint for the run (in this process, so it ends with it), partitioned like infra's
    // graph (/userId). Users are unique per test, so hosts can share it as they share the Cosmos database.
    private static readonly Lazy<Task<GremlinTestServer>> GremlinEndpoint = new(() =>
        GremlinTestServer.StartAsync(new GremlinTestServerOptions { PartitionKeyProperty = "userId" }));

    public static bool IsEmulatedAzure =>
        string.Equals(Environment.GetEnvironmentVariable(Variable)?.Trim(), EmulatedAzure, StringComparison.OrdinalIgnoreCase);

    public static string Name => IsEmulatedAzure ? EmulatedAzure : "embedded";

    /// <summary>
    /// The settings that put a DevHost on the emulated Azure stack: Kmt:Storage:Provider = Cosmos with
    /// Kmt:Cosmos (the run's database, see <see cref="RunDatabase"/>), Kmt:Graph:Provider = Gremlin on the
    /// run's Gremlin test endpoint, Kmt:Blobs:Provider = Azure with Kmt:Blobs:ConnectionString and
    /// Kmt:Queues:Provider = Azure with Kmt:Queues:ConnectionString (Azurite).
    /// </summary>
    public static async Task<Dictionary<string, string?>> EmulatedAzureSettingsAsync()
    {
        var cosmos = await CosmosTestEnvironment.GetAsync();
        var settings = cosmos.Settings(RunDatabase);
        settings["Kmt:Storage:Provider"] = "Cosmos";
        var gremlin = await GremlinEndpoint.Value;
        settings["Kmt:Graph:Provider"] = "Gremlin";
        settings["Kmt:Gremlin:Endpoint"] = gremlin.Endpoint.ToString();
        settings["Kmt:Gremlin:Database"] = gremlin.Options.Database;
        settings["Kmt:Gremlin:Graph"] = gremlin.Options.Graph;
        settings["Kmt:Gremlin:AuthMode"] = "Key";
        settings["Kmt:Gremlin:Key"] = "test-key";
        settings["Kmt:Blobs:Provider"] = "Azure";
        var azurite = Environment.GetEnvironmentVariable(AzuriteVariable) is { Length: > 0 } value ? value : "UseDevelopmentStorage=true";
        settings["Kmt:Blobs:ConnectionString"] = azurite;
        settings["Kmt:Queues:Provider"] = "Azure";
        settings["Kmt:Queues:ConnectionString"] = azurite;
        return settings;
    }

    private static readonly AsyncLocal<bool> HeldByThisTest = new();

    /// <summary>
    /// For a test that starts several DevHosts one after another and needs no other host to run in
    /// between (a restart that must find its blob untouched): holds the slot for the whole test, and
    /// the hosts this test starts use it. A no-op on the embedded stack.
    /// </summary>
    public static Task<IAsyncDisposable> HoldHostSlotAsync()
    {
        if (!IsEmulatedAzure)
        {
            return Task.FromResult<IAsyncDisposable>(new Lease(null));
        }

        // Not an async method on purpose: an AsyncLocal set inside one would not flow back to the test.
        HeldByThisTest.Value = true;
        return LeaseAsync();

        static async Task<IAsyncDisposable> LeaseAsync()
        {
            await AcquireHostSlotAsync();
            return new Lease(() =>
            {
                HeldByThisTest.Value = false;
                HostSlot.Release();
            });
        }
    }

    /// <summary>True when the running test holds the slot (its hosts must not wait for it).</summary>
    internal static bool SlotHeldByThisTest => HeldByThisTest.Value;

    private sealed class Lease(Action? release) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            release?.Invoke();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Waits until no other DevHost runs (emulated stack only); see <see cref="HostSlot"/>.</summary>
    public static async Task AcquireHostSlotAsync()
    {
        if (!await HostSlot.WaitAsync(TimeSpan.FromMinutes(15)))
        {
            throw new TimeoutException(
                "Waited 15 minutes for the other DevHost to stop. On the emulated Azure stack DevHosts run one at a time; " +
                "a test that starts a second host while its fixture's host runs cannot work there.");
        }
    }

    public static void ReleaseHostSlot() => HostSlot.Release();
}

/// <summary>
/// A [Fact] that runs on the embedded stack and is skipped, with the given reason, on the emulated
/// Azure stack (KMT_E2E_STACK=emulated-azure). Every use is listed in docs/azure-verification.md.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class NotOnEmulatedAzureFactAttribute : FactAttribute
{
    public NotOnEmulatedAzureFactAttribute(string reason)
    {
        if (E2EStack.IsEmulatedAzure)
        {
            Skip = "Not on the emulated Azure stack: " + reason;
        }
    }
}

/// <summary>The [Theory] counterpart of <see cref="NotOnEmulatedAzureFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class NotOnEmulatedAzureTheoryAttribute : TheoryAttribute
{
    public NotOnEmulatedAzureTheoryAttribute(string reason)
    {
        if (E2EStack.IsEmulatedAzure)
        {
            Skip = "Not on the emulated Azure stack: " + reason;
        }
    }
}

/// <summary>Why a test cannot run on the emulated Azure stack: the reasons, worded once.</summary>
public static class EmulatedAzureGaps
{
    public const string FullTextSearch =
        "search on Cosmos DB uses FullTextContains/FullTextScore, ORDER BY RANK and OFFSET/LIMIT, which the local Cosmos DB server " +
        "(@vercel/cosmosdb-server 1.0.1) does not implement; checked only against a real account (docs/azure-verification.md)";
}
