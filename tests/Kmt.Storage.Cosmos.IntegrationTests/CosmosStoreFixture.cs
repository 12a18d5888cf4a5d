using Kmt.Core.Accounts;
using Kmt.Core.Activity;
using Kmt.Core.Common;
using Kmt.Core.Embeddings;
using Kmt.Core.Knowledge;
using Kmt.Core.Tags;
using Kmt.Core.Uploads;
using Kmt.Storage.Contracts;
using Kmt.Testing.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kmt.Storage.Cosmos.IntegrationTests;

/// <summary>
/// The Cosmos DB adapter, registered exactly as the app does (AddKmtCosmosStore with the Kmt:Cosmos
/// settings), on the local server behind the shim, with a database of its own per test class.
/// </summary>
public sealed class CosmosStoreFixture : IAsyncLifetime
{
    private ServiceProvider? _services;

    public CosmosTestEnvironment Environment { get; private set; } = null!;

    public string DatabaseName { get; } = CosmosTestEnvironment.NewDatabaseName("contracts");

    public IServiceProvider Services => _services ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync()
    {
        Environment = await CosmosTestEnvironment.GetAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Environment.Settings(DatabaseName)).Build();
        var services = new ServiceCollection();
        services.AddKmtCosmosStore(configuration);

        _services = services.BuildServiceProvider();
    }

    /// <summary>Holds this class's document creates at the shim for a while (see CosmosEmulatorShim.DelayDocumentCreates).</summary>
    public IDisposable SlowCreates() => Environment.Shim.DelayDocumentCreates(DatabaseName, TimeSpan.FromMilliseconds(150));

    /// <summary>The ports; shared by the tests of one class, which keep apart by their random user ids.</summary>
    public Task<IStoreSet> CreateStoresAsync()
    {
        IStoreSet set = new StoreSet(
            Services.GetRequiredService<IUserStore>(),
            Services.GetRequiredService<ICredentialStore>(),
            Services.GetRequiredService<IKnowledgeStore>(),
            Services.GetRequiredService<ITagStore>(),
            Services.GetRequiredService<IActivityStore>(),
            Services.GetRequiredService<IUploadStore>(),
            Services.GetRequiredService<IEmbeddingStore>(),
            Services.GetRequiredService<IUserDataEraser>())
        {
            Privacy = Services.GetRequiredService<Kmt.Core.Privacy.IPrivacyStore>(),
            Audit = Services.GetRequiredService<Kmt.Core.Privacy.IAuditLog>(),
            Mail = Services.GetRequiredService<IMailOutbox>(),
            Imports = Services.GetRequiredService<Kmt.Core.Import.IImportStore>(),
            Insights = Services.GetRequiredService<Kmt.Core.Insights.IInsightRunStore>(),
            LearningMetrics = Services.GetRequiredService<Kmt.Core.Analytics.ILearningMetricsStore>(),
            Notifications = Services.GetRequiredService<Kmt.Core.Notifications.INotificationStore>(),

            InsightRecords = Services.GetRequiredService<Kmt.Core.Insights.Discovery.IInsightStore>(),
        };
        return Task.FromResult(set);
    }

    public async Task DisposeAsync()
    {
        if (_services is null)
        {
            return;
        }

        try
        {
            // The server keeps everything in memory: drop this class's database so a long run stays small.
            await _services.GetRequiredService<CosmosDatabase>().Database.DeleteAsync();
        }
        catch (Microsoft.Azure.Cosmos.CosmosException)
        {
            // Never created, or already gone.
        }

        await _services.DisposeAsync();
    }
}
