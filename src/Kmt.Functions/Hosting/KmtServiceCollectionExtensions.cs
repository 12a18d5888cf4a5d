using Kmt.Azure;
using Kmt.Azure.RateLimits;
using Kmt.Core;
using Kmt.Core.RateLimits;
using Kmt.Documents;
using Kmt.Documents.Embeddings;
using Kmt.Functions.Middleware;
using Kmt.Storage.Cosmos;
using Kmt.Storage.Embedded;
using Kmt.Storage.Embedded.RateLimits;
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
    /// The embedded adapters are the defaults. An Azure adapter replaces its port when its settings
    /// are present: Kmt:Cosmos (Cosmos DB for NoSQL, every storage port), Kmt:Blobs (Blob Storage), Kmt:Language (Azure AI Language). Kmt:Auth:Mode = Entra
    /// replaces KMT's own bearer tokens with Microsoft Entra ID's (Kmt:Entra).
    /// </remarks>
    public static IServiceCollection AddKmtFunctionApp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddKmtCore(configuration);
        services.AddKmtEmbeddedStore(configuration);
        services.AddKmtCosmosStore(configuration); // Kmt:Cosmos set: Cosmos DB replaces every storage port but blobs and the signing key
        services.AddKmtDocumentProcessing();
        services.AddOptions<MiniLmOptions>().Bind(configuration.GetSection(MiniLmOptions.Section));
        services.AddKmtAzureBlobStorage(configuration);
        services.AddKmtAzureLanguage(configuration);
        services.AddKmtEntraAuthentication(configuration);

        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<EndpointPolicies>();
        AddRateLimitStore(services, configuration);
        return services;
    }

    /// <summary>Kmt:RateLimits:Store picks where the counts live (docs/architecture.md, "Rate limits").</summary>
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
