using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kmt.Storage.Gremlin.Tests;

public sealed class ServiceRegistrationTests
{
    [Fact]
    public async Task Kmt_Gremlin_settings_register_the_client()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kmt:Gremlin:Endpoint"] = "wss://kmt.gremlin.cosmos.azure.com:443/",
            ["Kmt:Gremlin:Database"] = "db",
            ["Kmt:Gremlin:Graph"] = "g",
            ["Kmt:Gremlin:AuthMode"] = "Key",
            ["Kmt:Gremlin:Key"] = "k",
            ["Kmt:Gremlin:PoolSize"] = "7",
        }).Build();
        var services = new ServiceCollection();
        Assert.True(services.AddKmtGremlinClient(configuration));
        await using var provider = services.BuildServiceProvider();
        Assert.IsType<GremlinClient>(provider.GetRequiredService<IGremlinClient>());
        Assert.Equal(0, provider.GetRequiredService<GremlinClient>().ConnectionsOpened);
    }

    [Fact]
    public async Task The_graph_store_is_registered_over_the_client()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kmt:Gremlin:Endpoint"] = "wss://kmt.gremlin.cosmos.azure.com:443/",
            ["Kmt:Gremlin:AuthMode"] = "Key",
            ["Kmt:Gremlin:Key"] = "k",
        }).Build();
        var services = new ServiceCollection();
        services.AddKmtGremlinGraphStore(configuration);
        await using var provider = services.BuildServiceProvider();
        Assert.IsType<Kmt.Storage.Gremlin.Graph.GremlinGraphStore>(provider.GetRequiredService<Kmt.Core.Graph.IGraphStore>());
    }

    [Fact]
    public void The_graph_store_without_an_endpoint_stops_the_app_naming_the_settings()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddKmtGremlinGraphStore(new ConfigurationBuilder().Build()));
        Assert.Contains("Kmt:Gremlin:Endpoint", error.Message, StringComparison.Ordinal);
        Assert.Contains("Kmt:Graph:Provider", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_an_endpoint_nothing_is_registered()
    {
        var services = new ServiceCollection();
        Assert.False(services.AddKmtGremlinClient(new ConfigurationBuilder().Build()));
        Assert.Empty(services);
    }
}
