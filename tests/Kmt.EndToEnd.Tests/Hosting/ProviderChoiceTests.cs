using Kmt.Azure.Blobs;
using Kmt.Azure.Language;
using Kmt.Azure.Queues;
using Kmt.Core.Accounts;
using Kmt.Core.Activity;
using Kmt.Core.Common;
using Kmt.Core.Embeddings;
using Kmt.Core.Graph;
using Kmt.Core.Knowledge;
using Kmt.Core.Tags;
using Kmt.Core.TextAnalysis;
using Kmt.Core.Uploads;
using Kmt.Documents.Analysis;
using Kmt.Functions.Hosting;
using Kmt.Storage.Embedded;
using Kmt.Storage.Embedded.Blobs;
using Kmt.Storage.Embedded.Graph;
using Kmt.Storage.Embedded.Queues;
using Kmt.Storage.Embedded.Uploads;
using Kmt.Storage.Gremlin.Graph;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kmt.EndToEnd.Tests.Hosting;

/// <summary>
/// The composition root chooses each provider once, from Kmt:Storage:Provider, Kmt:Blobs:Provider,
/// Kmt:Language:Provider and Kmt:Queues:Provider: one registration per port, and in Cosmos mode nothing of
/// SQLite in the container.
/// </summary>
public sealed class ProviderChoiceTests
{
    private const string CosmosEmulator =
        "AccountEndpoint=https://127.0.0.1:1/;AccountKey=C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==;";

    // The storage SDKs' shorthand for the local emulator (127.0.0.1:10000-10002): no key in the repository.
    private const string Azurite = "UseDevelopmentStorage=true";

    private static readonly Type[] StoragePorts =
    [
        typeof(IUserStore), typeof(ICredentialStore), typeof(IMailOutbox), typeof(IKnowledgeStore), typeof(ITagStore),
        typeof(IActivityStore), typeof(IUploadStore), typeof(IEmbeddingStore), typeof(IUserDataEraser), typeof(IStoreHealth),
        typeof(IGraphStore),
    ];

    private const string Gremlin = "wss://kmt-graph.gremlin.cosmos.azure.com:443/";

    [Fact]
    public void By_default_every_port_is_embedded_local_and_in_process()
    {
        var services = Register([]);
        using var provider = services.BuildServiceProvider();

        Assert.All(StoragePorts, port => Assert.Single(services, d => d.ServiceType == port));
        Assert.Equal("Kmt.Storage.Embedded", provider.GetRequiredService<IKnowledgeStore>().GetType().Assembly.GetName().Name);
        Assert.IsType<SqliteGraphStore>(provider.GetRequiredService<IGraphStore>());
        Assert.IsType<LocalFolderBlobStore>(provider.GetRequiredService<IBlobStore>());
        Assert.IsType<LocalUploadTargetIssuer>(provider.GetRequiredService<IUploadTargetIssuer>());
        Assert.IsType<InProcessTextAnalyzer>(provider.GetRequiredService<ITextAnalyzer>());
        Assert.Single(services, d => d.ServiceType == typeof(IWorkQueue));
        Assert.Same(provider.GetRequiredService<IWorkQueue>(), Assert.IsType<SqliteWorkQueue>(provider.GetRequiredService<IWorkQueueReceiver>()));
    }

    [Fact]
    public void In_Cosmos_mode_nothing_of_SQLite_is_registered_and_each_port_once()
    {
        Environment.SetEnvironmentVariable("COSMOS_DISABLE_IMDS_ACCESS", "true");
        var services = Register(new()
        {
            ["Kmt:Storage:Provider"] = "Cosmos",
            ["Kmt:Cosmos:ConnectionString"] = CosmosEmulator,
            ["Kmt:Blobs:Provider"] = "azure", // case does not matter
            ["Kmt:Blobs:ConnectionString"] = Azurite,
            ["Kmt:Language:Provider"] = "Azure",
            ["Kmt:Language:Endpoint"] = "https://kmt-language.cognitiveservices.azure.com/",
            ["Kmt:Language:Key"] = "from-key-vault",
            ["Kmt:Gremlin:Endpoint"] = Gremlin, // Kmt:Graph:Provider unset: Cosmos mode implies Gremlin
            ["Kmt:Queues:Provider"] = "Azure",
            ["Kmt:Queues:ConnectionString"] = Azurite,
            ["Kmt:Realtime:Provider"] = "WebPubSub",
            ["Kmt:WebPubSub:Endpoint"] = "https://kmt-test.webpubsub.azure.com",
        });

        var sqlite = services.Where(IsSqlite).Select(d => d.ServiceType.FullName).ToList();
        Assert.True(sqlite.Count == 0, "SQLite registrations in Cosmos mode: " + string.Join(", ", sqlite));
        Assert.All(StoragePorts.Concat([typeof(IBlobStore), typeof(IUploadTargetIssuer), typeof(ITextAnalyzer), typeof(IWorkQueue), typeof(IWorkQueueReceiver)]),
            port => Assert.Single(services, d => d.ServiceType == port));

        using var provider = services.BuildServiceProvider();
        Assert.All(StoragePorts.Where(p => p != typeof(IGraphStore)), port => Assert.Equal("Kmt.Storage.Cosmos", provider.GetRequiredService(port).GetType().Assembly.GetName().Name));
        Assert.IsType<GremlinGraphStore>(provider.GetRequiredService<IGraphStore>());
        Assert.IsType<AzureBlobStore>(provider.GetRequiredService<IBlobStore>());
        Assert.IsType<AzureLanguageTextAnalyzer>(provider.GetRequiredService<ITextAnalyzer>());
        Assert.IsType<AzureWorkQueue>(provider.GetRequiredService<IWorkQueue>());
        Assert.IsType<Kmt.Azure.Realtime.WebPubSubRealtime>(provider.GetRequiredService<Kmt.Core.Realtime.IRealtimePublisher>());
    }

    [Fact]
    public void Cosmos_mode_without_a_queue_provider_is_refused_naming_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Register(new()
        {
            ["Kmt:Storage:Provider"] = "Cosmos",
            ["Kmt:Cosmos:ConnectionString"] = CosmosEmulator,
        }));

        Assert.Contains("Kmt:Queues:Provider", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Kmt:Cosmos:Endpoint", "https://kmt.documents.azure.com:443/", "Kmt:Storage:Provider")]
    [InlineData("Kmt:Cosmos:ConnectionString", CosmosEmulator, "Kmt:Storage:Provider")]
    [InlineData("Kmt:Blobs:ConnectionString", Azurite, "Kmt:Blobs:Provider")]
    [InlineData("Kmt:Language:Endpoint", "https://kmt-language.cognitiveservices.azure.com/", "Kmt:Language:Provider")]
    [InlineData("Kmt:Gremlin:Endpoint", Gremlin, "Kmt:Graph:Provider")]
    [InlineData("Kmt:Queues:ServiceUri", "https://kmtaccount.queue.core.windows.net", "Kmt:Queues:Provider")]
    [InlineData("Kmt:Auth:KeyVault:VaultUri", "https://kmt-kv.vault.azure.net/", "Kmt:SigningKeys:Provider")]
    public void An_adapters_settings_without_its_provider_stop_the_app_with_the_setting_to_add(string key, string value, string provider)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Register(new() { [key] = value }));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Contains(provider, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explicitly_embedded_ignores_leftover_Cosmos_settings()
    {
        var services = Register(new() { ["Kmt:Storage:Provider"] = "Embedded", ["Kmt:Cosmos:Endpoint"] = "https://kmt.documents.azure.com:443/" });

        Assert.DoesNotContain(services, d => TypesOf(d).Any(t => t.Assembly.GetName().Name == "Kmt.Storage.Cosmos"));
    }

    [Theory]
    [InlineData("Kmt:Storage:Provider", "Postgres")]
    [InlineData("Kmt:Storage:Provider", "1")]
    [InlineData("Kmt:Blobs:Provider", "S3")]
    [InlineData("Kmt:Language:Provider", "OpenAI")]
    [InlineData("Kmt:Graph:Provider", "Neo4j")]
    [InlineData("Kmt:Queues:Provider", "ServiceBus")]
    public void An_unknown_provider_is_refused_with_the_choices(string key, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Register(new() { [key] = value }));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Contains("must be one of", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cosmos_mode_without_a_Gremlin_endpoint_or_with_the_embedded_graph_is_refused_naming_the_setting()
    {
        var cosmos = new Dictionary<string, string?> { ["Kmt:Storage:Provider"] = "Cosmos", ["Kmt:Cosmos:ConnectionString"] = CosmosEmulator, ["Kmt:Queues:Provider"] = "Embedded" };

        var missing = Assert.Throws<InvalidOperationException>(() => Register(new(cosmos)));
        Assert.Contains("Kmt:Gremlin:Endpoint", missing.Message, StringComparison.Ordinal);
        Assert.Contains("Kmt:Graph:Provider", missing.Message, StringComparison.Ordinal);

        var embedded = Assert.Throws<InvalidOperationException>(() => Register(new(cosmos) { ["Kmt:Graph:Provider"] = "Embedded", ["Kmt:Gremlin:Endpoint"] = Gremlin }));
        Assert.Contains("Kmt:Graph:Provider", embedded.Message, StringComparison.Ordinal);
        Assert.Contains("Gremlin", embedded.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_embedded_store_can_keep_its_graph_on_Gremlin_with_no_SQLite_graph_registered()
    {
        var services = Register(new() { ["Kmt:Graph:Provider"] = "Gremlin", ["Kmt:Gremlin:Endpoint"] = Gremlin });

        Assert.Single(services, d => d.ServiceType == typeof(IGraphStore));
        Assert.DoesNotContain(services, d => TypesOf(d).Contains(typeof(SqliteGraphStore)));
        using var provider = services.BuildServiceProvider();
        Assert.IsType<GremlinGraphStore>(provider.GetRequiredService<IGraphStore>());
    }

    [Fact]
    public void Key_Vault_signing_keys_replace_the_local_key_file()
    {
        var services = Register(new() { ["Kmt:SigningKeys:Provider"] = "KeyVault", ["Kmt:Auth:KeyVault:VaultUri"] = "https://kmt-kv.vault.azure.net/" });

        Assert.Single(services, d => d.ServiceType == typeof(ISigningKeySource));
        Assert.DoesNotContain(services, d => TypesOf(d).Contains(typeof(Kmt.Storage.Embedded.Accounts.EmbeddedSigningKeySource)));
        using var provider = services.BuildServiceProvider();
        Assert.IsType<Kmt.Azure.Identity.KeyVaultSigningKeySource>(provider.GetRequiredService<ISigningKeySource>());
    }

    [Fact]
    public void Key_Vault_signing_keys_without_a_vault_are_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Register(new() { ["Kmt:SigningKeys:Provider"] = "KeyVault" }));

        Assert.Contains("Kmt:Auth:KeyVault:VaultUri", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Choosing_Cosmos_without_its_settings_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Register(new() { ["Kmt:Storage:Provider"] = "Cosmos", ["Kmt:Queues:Provider"] = "Embedded" }));

        Assert.Contains("Kmt:Cosmos:Endpoint", error.Message, StringComparison.Ordinal);
    }

    private static ServiceCollection Register(Dictionary<string, string?> settings)
    {
        settings.TryAdd("Kmt:Embedded:DataDirectory", Path.Combine(Path.GetTempPath(), "kmt-providers-" + Guid.NewGuid().ToString("N")));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddKmtFunctionApp(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services;
    }

    /// <summary>Every type a registration names: service, implementation, instance, and the factory's declaring and return types.</summary>
    private static IEnumerable<Type> TypesOf(ServiceDescriptor d)
    {
        yield return d.ServiceType;
        if (d.ImplementationType is { } implementation)
        {
            yield return implementation;
        }

        if (d.ImplementationInstance is { } instance)
        {
            yield return instance.GetType();
        }

        if (d.ImplementationFactory is { } factory)
        {
            yield return factory.Method.ReturnType;
            if (factory.Method.DeclaringType is { } declaring)
            {
                yield return declaring;
            }
        }

        foreach (var argument in d.ServiceType.IsGenericType ? d.ServiceType.GetGenericArguments() : [])
        {
            yield return argument;
        }
    }

    /// <summary>
    /// A registration of SQLite's types or of the embedded store's, apart from the file-based signing key
    /// and the data-directory options it reads (a file, not SQLite; see AddKmtLocalSigningKey).
    /// </summary>
    private static bool IsSqlite(ServiceDescriptor d)
    {
        var signingKey = d.ServiceType == typeof(ISigningKeySource) || d.ServiceType == typeof(Kmt.Storage.Embedded.Accounts.EmbeddedSigningKeySource);
        return TypesOf(d).Any(t => t.Assembly.GetName().Name == "Microsoft.Data.Sqlite"
            || (t.Assembly == typeof(EmbeddedStoreOptions).Assembly && t != typeof(EmbeddedStoreOptions) && !signingKey));
    }
}
