using Kmt.Azure;
using Kmt.Azure.RateLimits;
using Kmt.Core;
using Kmt.Core.RateLimits;
using Kmt.Documents;
using Kmt.Documents.Embeddings;
using Kmt.Functions.Middleware;
using Kmt.Core.Activity;
using Kmt.Core.Insights;
using Kmt.Core.Knowledge;
using Kmt.Graph.Analytics.Knowledge;
using Kmt.Insights.Models;
using Kmt.Storage.Cosmos;
using Kmt.Storage.Embedded;
using Kmt.Storage.Gremlin;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kmt.Functions.Hosting;

public static class KmtServiceCollectionExtensions
{
    /// <summary>
    /// Everything the function app needs besides the Functions runtime itself: Core, the adapters
    /// chosen by configuration, and the middleware's services. The DevHost calls this same method.
    /// </summary>
    /// <remarks>
    /// The one place providers are chosen (<see cref="KmtProviders"/>): one Add... call per group of
    /// ports, nothing registered and then replaced, so in Cosmos mode nothing of SQLite exists in the
    /// container. Kmt:Auth:Mode = Entra uses Microsoft Entra ID's bearer tokens (Kmt:Entra) instead of
    /// KMT's own. See docs/architecture.md, "Choosing the providers".
    /// </remarks>
    public static IServiceCollection AddKmtFunctionApp(this IServiceCollection services, IConfiguration configuration)
    {
        var providers = KmtProviders.From(configuration);
        services.AddKmtCore(configuration);

        // Before the store, whose default mail sender is a TryAdd.
        if (providers.MailProvider == KmtProviders.Mail.AzureCommunicationServices)
        {
            services.AddKmtAcsEmail(configuration);
        }

        _ = providers.StorageProvider switch
        {
            KmtProviders.Storage.Cosmos => services.AddKmtCosmosStore(configuration),
            _ => services.AddKmtEmbeddedStore(configuration),
        };
        _ = providers.GraphProvider switch
        {
            KmtProviders.Graph.Gremlin => services.AddKmtGremlinGraphStore(configuration),
            _ => services.AddKmtEmbeddedGraphStore(configuration),
        };
        _ = providers.BlobProvider switch
        {
            KmtProviders.Blobs.Azure => services.AddKmtAzureBlobStorage(configuration),
            _ => services.AddKmtLocalBlobStorage(configuration),
        };
        _ = providers.LanguageProvider switch
        {
            KmtProviders.Language.Azure => services.AddKmtAzureLanguage(configuration),
            _ => services.AddKmtInProcessTextAnalyzer(),
        };
        _ = providers.QueueProvider switch
        {
            KmtProviders.Queues.Azure => services.AddKmtAzureQueue(configuration),
            _ => services.AddKmtEmbeddedQueue(configuration),
        };

        // Web Push: VAPID keys from Kmt:Notifications:Push (Key Vault in Azure); on the embedded store, generated
        // once into its data folder like the signing key. Cosmos without keys: no push (an instance's disk is no place for them).
        services.AddKmtWebPush(configuration, providers.StorageProvider == KmtProviders.Storage.Cosmos
            ? null
            : sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<EmbeddedStoreOptions>>().Value.ResolveDataDirectory());

        // Kmt:Auth:SigningKeyPem wins over either source when set (docs/deployment.md, "Rotating the signing key").
        _ = providers.SigningKeyProvider switch
        {
            KmtProviders.SigningKeys.KeyVault => services.AddKmtKeyVaultSigningKey(configuration),
            _ => services.AddKmtLocalSigningKey(configuration),
        };
        _ = providers.RealtimeProvider switch
        {
            KmtProviders.Realtime.WebPubSub => services.AddKmtWebPubSubRealtime(configuration),
            _ => services.AddKmtInProcessRealtime(),
        };
        services.AddKmtDocumentProcessing();
        services.AddOptions<MiniLmOptions>().Bind(configuration.GetSection(MiniLmOptions.Section));
        // Graph analytics (docs/design/graph.md, "Graph analytics"): Core cannot reference the analytics
        // project, so its service over IGraphStore is registered here.
        services.AddOptions<GraphAnalyticsOptions>().Bind(configuration.GetSection(GraphAnalyticsOptions.Section));
        services.AddSingleton<GraphAnalyticsService>();
        services.AddSingleton<CommunityMembershipRefresher>(); // the nightly member_of step
        // The importance model (docs/design/insights.md, "Insight pipeline"): ML.NET lives in its own
        // project, which implements Core's engine port; Core's registry stores and caches the models.
        services.AddSingleton<IImportanceModelEngine, ImportanceModelEngine>();
        services.AddKmtEntraAuthentication(configuration);

        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<EndpointPolicies>();
        // Batched access counts reach the store from here, also on shutdown (docs/design/storage.md, "Access counts").
        services.AddHostedService<WriteBehindFlusher<PendingAccesses>>();
        // Searches as activity likewise (docs/design/storage.md, "Search history").
        services.AddHostedService<WriteBehindFlusher<PendingSearches>>();
        AddRateLimitStore(services, configuration);
        return services;
    }

    /// <summary>Kmt:RateLimits:Store picks where the counts live (docs/design/hosting.md, "Rate limits").</summary>
    private static void AddRateLimitStore(IServiceCollection services, IConfiguration configuration)
    {
        var kind = configuration.GetSection(RateLimitOptions.Section).GetValue(nameof(RateLimitOptions.Store), RateLimitStoreKind.Memory);
        switch (kind)
        {
            case RateLimitStoreKind.Table:
                services.AddKmtTableRateLimitStore(configuration);
                break;
            default:
                services.AddSingleton<IRateLimitStore, MemoryRateLimitStore>();
                break;
        }
    }
}
