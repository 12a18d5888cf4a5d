using System.Net.Security;
using Kmt.Core.Accounts;
using Kmt.Core.Activity;
using Kmt.Core.Common;
using Kmt.Core.Embeddings;
using Kmt.Core.Knowledge;
using Kmt.Core.Tags;
using Kmt.Core.Uploads;
using Kmt.Storage.Cosmos.Common;
using Kmt.Storage.Cosmos.Knowledge;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kmt.Storage.Cosmos.Tests;

public class ServiceRegistrationTests
{
    private static IConfiguration Config(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    [Fact]
    public void Choosing_Cosmos_without_its_settings_is_a_clear_configuration_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddKmtCosmosStore(Config([])));
        Assert.Contains("Kmt:Cosmos:Endpoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_a_connection_string_every_storage_port_is_registered_once_and_blobs_are_left_to_their_own_choice()
    {
        Environment.SetEnvironmentVariable("COSMOS_DISABLE_IMDS_ACCESS", "true");
        var services = new ServiceCollection();
        var blobs = new Moq.Mock<IBlobStore>().Object;
        services.AddSingleton(blobs);
        services.AddKmtCosmosStore(Config(new()
        {
            ["Kmt:Cosmos:ConnectionString"] = "AccountEndpoint=https://127.0.0.1:1/;AccountKey=C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==;",
        }));

        using var provider = services.BuildServiceProvider();
        Assert.Single(services, d => d.ServiceType == typeof(IKnowledgeStore));
        Assert.IsType<CosmosKnowledgeStore>(provider.GetRequiredService<IKnowledgeStore>());
        Assert.IsType<CosmosStoreHealth>(provider.GetRequiredService<IStoreHealth>());
        Assert.Same(blobs, provider.GetRequiredService<IBlobStore>());
        foreach (var port in new[] { typeof(IUserStore), typeof(ICredentialStore), typeof(IMailOutbox), typeof(ITagStore), typeof(IActivityStore), typeof(IUploadStore), typeof(IEmbeddingStore), typeof(IUserDataEraser) })
        {
            Assert.StartsWith("Cosmos", provider.GetRequiredService(port).GetType().Name);
        }

        var database = provider.GetRequiredService<CosmosDatabase>();
        Assert.Equal(ConnectionMode.Gateway, database.Client.ClientOptions.ConnectionMode);
        Assert.True(database.Client.ClientOptions.LimitToEndpoint);
        Assert.Equal("kmt", database.Database.Id);
    }

    [Fact]
    public void Endpoint_and_connection_string_together_are_refused()
    {
        Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddKmtCosmosStore(Config(new()
        {
            ["Kmt:Cosmos:Endpoint"] = "https://x.documents.azure.com:443/",
            ["Kmt:Cosmos:ConnectionString"] = "AccountEndpoint=https://127.0.0.1:1/;AccountKey=a2V5;",
        })));
    }

    [Fact]
    public void An_endpoint_defaults_to_direct_mode()
    {
        var options = CosmosDatabase.CreateClientOptions(new CosmosStoreOptions { Endpoint = "https://x.documents.azure.com:443/" });
        Assert.Equal(ConnectionMode.Direct, options.ConnectionMode);
        Assert.False(options.LimitToEndpoint);
        Assert.Null(options.HttpClientFactory);
    }

    [Theory]
    [InlineData("https://127.0.0.1:8081/", true)]
    [InlineData("https://localhost:8081/", true)]
    [InlineData("https://[::1]:8081/", true)]
    [InlineData("https://x.documents.azure.com/", false)]
    [InlineData("https://127.0.0.1.nip.io/", false)]
    public void Bad_certificates_are_accepted_only_from_loopback(string url, bool accepted)
    {
        Assert.Equal(accepted, CosmosDatabase.AcceptCertificate(new Uri(url), SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.True(CosmosDatabase.AcceptCertificate(new Uri(url), SslPolicyErrors.None));
    }
}
