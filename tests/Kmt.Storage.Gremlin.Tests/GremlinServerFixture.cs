using Kmt.Testing.Gremlin.Server;

namespace Kmt.Storage.Gremlin.Tests;

/// <summary>One test endpoint (chunks of 5) and one key-authenticated client shared by a test class.</summary>
public sealed class GremlinServerFixture : IAsyncLifetime
{
    public GremlinTestServer Server { get; private set; } = null!;

    public GremlinClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var options = new GremlinTestServerOptions { ChunkSize = 5 };
        Server = await GremlinTestServer.StartAsync(options);
        Client = new GremlinClient(KeyOptions(Server), credential: null);
    }

    public static GremlinOptions KeyOptions(GremlinTestServer server) => new()
    {
        Endpoint = server.Endpoint,
        Database = server.Options.Database,
        Graph = server.Options.Graph,
        AuthMode = GremlinAuthMode.Key,
        Key = "test-key",
        PoolSize = 2,
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        RequestTimeout = TimeSpan.FromSeconds(20),
    };

    public async Task DisposeAsync()
    {
        await Client.DisposeAsync();
        await Server.DisposeAsync();
    }
}
