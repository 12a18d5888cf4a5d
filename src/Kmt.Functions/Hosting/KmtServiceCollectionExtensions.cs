using Kmt.Core;
using Kmt.Core.Common;
using Kmt.Functions.Middleware;
using Kmt.Storage.Embedded;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kmt.Functions.Hosting;

public static class KmtServiceCollectionExtensions
{
    /// <summary>
    /// Everything the function app needs besides the Functions runtime itself: Core, the store chosen
    /// by configuration, and the middleware's services. The DevHost calls this same method.
    /// </summary>
    public static IServiceCollection AddKmtFunctionApp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddKmtCore(configuration);
        services.AddKmtEmbeddedStore(configuration);

        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<EndpointPolicies>();
        services.AddSingleton<FixedWindowCounter>();
        return services;
    }
}
