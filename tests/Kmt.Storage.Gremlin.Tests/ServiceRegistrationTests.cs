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
    public void Without_an_endpoint_nothing_is_registered()
    {
        var services = new ServiceCollection();
        Assert.False(services.AddKmtGremlinClient(new ConfigurationBuilder().Build()));
        Assert.Empty(services);
    }
}
