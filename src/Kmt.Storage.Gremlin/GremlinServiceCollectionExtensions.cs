using Azure.Core;
using Azure.Identity;
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
}
