using Kmt.Core.Insights;
using Kmt.Core.Notifications;
using Kmt.Storage.Cosmos.Notifications;
using Kmt.Storage.Cosmos.Insights;
using Kmt.Core.Accounts;
using Kmt.Core.Activity;
using Kmt.Core.Common;
using Kmt.Core.Embeddings;
using Kmt.Core.Import;
using Kmt.Core.Knowledge;
using Kmt.Core.Privacy;
using Kmt.Core.Tags;
using Kmt.Core.Uploads;
using Kmt.Storage.Cosmos.Accounts;
using Kmt.Storage.Cosmos.Activity;
using Kmt.Storage.Cosmos.Common;
using Kmt.Storage.Cosmos.Embeddings;
using Kmt.Storage.Cosmos.Import;
using Kmt.Storage.Cosmos.Knowledge;
using Kmt.Storage.Cosmos.Privacy;
using Kmt.Storage.Cosmos.Tags;
using Kmt.Storage.Cosmos.Uploads;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kmt.Storage.Cosmos;

public static class CosmosStoreServiceCollectionExtensions
{
    /// <summary>
    /// Kmt:Storage:Provider = Cosmos: registers the Cosmos DB implementation of every storage port
    /// (singletons): IUserStore, ICredentialStore, IMailOutbox, IKnowledgeStore, ITagStore, IActivityStore,
    /// IUploadStore, IEmbeddingStore, IUserDataEraser, IStoreHealth, IPrivacyStore, IImportStore, IAuditLog. Needs "Kmt:Cosmos:Endpoint" (managed
    /// identity) or "Kmt:Cosmos:ConnectionString" (local emulators); throws without either, or with both.
    /// Blob storage and the signing key are separate choices (docs/architecture.md, "Choosing the providers").
    /// </summary>
    public static IServiceCollection AddKmtCosmosStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(CosmosStoreOptions.Section);
        var options = section.Get<CosmosStoreOptions>() ?? new CosmosStoreOptions();
        if (!options.IsConfigured)
        {
            throw new InvalidOperationException(
                $"The Cosmos DB storage provider needs {CosmosStoreOptions.Section}:Endpoint (Azure, managed identity) or {CosmosStoreOptions.Section}:ConnectionString (local emulator).");
        }

        if (!string.IsNullOrWhiteSpace(options.Endpoint) && !string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new InvalidOperationException($"{CosmosStoreOptions.Section}: set Endpoint (Azure, managed identity) or ConnectionString (local emulator), not both.");
        }

        services.AddOptions<CosmosStoreOptions>().Bind(section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new CosmosDatabase(sp.GetRequiredService<IOptions<CosmosStoreOptions>>()));
        Add<IUserStore, CosmosUserStore>(services, sp => new CosmosUserStore(sp.GetRequiredService<CosmosDatabase>(), sp.GetRequiredService<TimeProvider>()));
        Add<ICredentialStore, CosmosCredentialStore>(services, sp => new CosmosCredentialStore(sp.GetRequiredService<CosmosDatabase>(), sp.GetRequiredService<TimeProvider>()));
        Add<IMailOutbox, CosmosMailOutbox>(services, sp => new CosmosMailOutbox(sp.GetRequiredService<CosmosDatabase>(), sp.GetService<ILogger<CosmosMailOutbox>>()));
        Add<IKnowledgeStore, CosmosKnowledgeStore>(services, sp => new CosmosKnowledgeStore(sp.GetRequiredService<CosmosDatabase>()));
        Add<ITagStore, CosmosTagStore>(services, sp => new CosmosTagStore(sp.GetRequiredService<CosmosDatabase>(), sp.GetRequiredService<TimeProvider>()));
        Add<IActivityStore, CosmosActivityStore>(services, sp => new CosmosActivityStore(sp.GetRequiredService<CosmosDatabase>()));
        Add<IUploadStore, CosmosUploadStore>(services, sp => new CosmosUploadStore(sp.GetRequiredService<CosmosDatabase>()));
        Add<IEmbeddingStore, CosmosEmbeddingStore>(services, sp => new CosmosEmbeddingStore(sp.GetRequiredService<CosmosDatabase>()));
        Add<IUserDataEraser, CosmosUserDataEraser>(services, sp => new CosmosUserDataEraser(sp.GetRequiredService<CosmosDatabase>(), sp.GetRequiredService<CosmosUserStore>(), sp.GetService<IBlobStore>()));
        Add<IStoreHealth, CosmosStoreHealth>(services, sp => new CosmosStoreHealth(sp.GetRequiredService<CosmosDatabase>()));
        Add<IPrivacyStore, CosmosPrivacyStore>(services, sp => new CosmosPrivacyStore(sp.GetRequiredService<CosmosDatabase>()));
        Add<IImportStore, CosmosImportStore>(services, sp => new CosmosImportStore(sp.GetRequiredService<CosmosDatabase>()));
        Add<IAuditLog, CosmosAuditLog>(services, sp => new CosmosAuditLog(sp.GetRequiredService<CosmosDatabase>(), sp.GetRequiredService<IOptions<PrivacyOptions>>().Value.AuditRetention));
        Add<IInsightRunStore, CosmosInsightRunStore>(services, sp => new CosmosInsightRunStore(sp.GetRequiredService<CosmosDatabase>()));
        Add<Kmt.Core.Analytics.ILearningMetricsStore, Analytics.CosmosLearningMetricsStore>(services, sp => new Analytics.CosmosLearningMetricsStore(sp.GetRequiredService<CosmosDatabase>()));
        Add<INotificationStore, CosmosNotificationStore>(services, sp => new CosmosNotificationStore(sp.GetRequiredService<CosmosDatabase>()));

        Add<Kmt.Core.Insights.Discovery.IInsightStore, CosmosInsightStore>(services, sp => new CosmosInsightStore(sp.GetRequiredService<CosmosDatabase>()));
        return services;
    }

    /// <summary>The implementation as a singleton of its own type and the port as the same instance.</summary>
    private static void Add<TPort, TImplementation>(IServiceCollection services, Func<IServiceProvider, TImplementation> create)
        where TPort : class
        where TImplementation : class, TPort
    {
        services.AddSingleton(create);
        services.AddSingleton<TPort>(sp => sp.GetRequiredService<TImplementation>());
    }
}
