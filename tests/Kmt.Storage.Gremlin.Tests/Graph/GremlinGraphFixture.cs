using Kmt.Storage.Gremlin.Graph;
using Kmt.Testing.Gremlin.Server;

namespace Kmt.Storage.Gremlin.Tests.Graph;

/// <summary>
/// One test endpoint partitioned like infra's graph (/userId), answering in chunks of 5 (so results span 206
/// responses), and a graph store whose scripts hold at most 3 operations (so batches split).
/// </summary>
public sealed class GremlinGraphFixture : IAsyncLifetime
{
    public GremlinTestServer Server { get; private set; } = null!;

    public GremlinClient Client { get; private set; } = null!;

    public GremlinOptions Options { get; private set; } = null!;

    public GremlinGraphStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await GremlinTestServer.StartAsync(new GremlinTestServerOptions { ChunkSize = 5, PartitionKeyProperty = "userId" });
        Options = GremlinServerFixture.KeyOptions(Server);
        Options.MaxOperationsPerScript = 3;
        Options.MaxIdsPerScript = 4;
        Client = new GremlinClient(Options, credential: null);
        Store = new GremlinGraphStore(Client, Options);
    }

    public async Task DisposeAsync()
    {
        await Client.DisposeAsync();
        await Server.DisposeAsync();
    }
}
