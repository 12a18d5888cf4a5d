using Azure.Core;
using Azure.Identity;
using Kmt.Core.Graph;
using Kmt.Storage.Gremlin.Graph;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Kmt.Storage.Gremlin;

public static class GremlinServiceCollectionExtensions
{
    /// <summary>
    /// With "Kmt:Gremlin:Endpoint" set, registers <see cref="IGremlinClient"/> (a singleton
    /// <see cref="GremlinClient"/>) and returns true: Entra mode uses DefaultAzureCredential (with
    /// ManagedIdentityClientId when set), Key mode the configured key. Without an endpoint it registers
    /// nothing and returns false.
    /// </summary>
    public static bool AddKmtGremlinClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(GremlinOptions.Section).Get<GremlinOptions>() ?? new GremlinOptions();
        if (options.Endpoint is null)
        {
            return false;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            TokenCredential? credential = options.AuthMode == GremlinAuthMode.Entra
                ? new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.ManagedIdentityClientId })
                : null;
            return new GremlinClient(options, credential, sp.GetService<ILogger<GremlinClient>>(), sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<IGremlinClient>(sp => sp.GetRequiredService<GremlinClient>());
        return true;
    }

    /// <summary>
    /// Kmt:Graph:Provider = Gremlin (implied by Kmt:Storage:Provider = Cosmos): the knowledge graph on Cosmos DB
    /// for Apache Gremlin through <see cref="IGremlinClient"/>. Without Kmt:Gremlin:Endpoint the app stops at
    /// startup with a message naming both settings.
    /// </summary>
    public static IServiceCollection AddKmtGremlinGraphStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (!services.AddKmtGremlinClient(configuration))
        {
            throw new InvalidOperationException(
                $"The knowledge graph is on Cosmos DB for Apache Gremlin (Kmt:Graph:Provider = Gremlin, the default when Kmt:Storage:Provider is Cosmos) but {GremlinOptions.Section}:Endpoint is not set.");
        }

        var options = configuration.GetSection(GremlinOptions.Section).Get<GremlinOptions>() ?? new GremlinOptions();
        services.AddSingleton(sp => new GremlinGraphStore(sp.GetRequiredService<IGremlinClient>(), options));
        services.AddSingleton<IGraphStore>(sp => sp.GetRequiredService<GremlinGraphStore>());
        return services;
    }
}
