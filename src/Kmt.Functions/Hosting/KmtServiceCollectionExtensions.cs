using Kmt.Azure;
using Kmt.Core;
using Kmt.Documents;
using Kmt.Functions.Middleware;
using Kmt.Storage.Embedded;
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
    /// are present: Kmt:Blobs (Blob Storage), Kmt:Language (Azure AI Language).
    /// </remarks>
    public static IServiceCollection AddKmtFunctionApp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddKmtCore(configuration);
        services.AddKmtEmbeddedStore(configuration);
        services.AddKmtDocumentProcessing();
        services.AddKmtAzureBlobStorage(configuration);
        services.AddKmtAzureLanguage(configuration);

        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<EndpointPolicies>();
        services.AddSingleton<FixedWindowCounter>();
        return services;
    }
}
