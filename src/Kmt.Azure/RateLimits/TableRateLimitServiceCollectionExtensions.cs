using Azure.Data.Tables;
using Kmt.Azure.Identity;
using Kmt.Core.RateLimits;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kmt.Azure.RateLimits;

public static class TableRateLimitServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="TableRateLimitStore"/> as the <see cref="IRateLimitStore"/> from "Kmt:RateLimits:Table"
    /// (ServiceUri with managed identity, or ConnectionString for Azurite). The caller decides when (Kmt:RateLimits:Store = Table).
    /// </summary>
    public static IServiceCollection AddKmtTableRateLimitStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(TableRateLimitOptions.Section).Get<TableRateLimitOptions>() ?? new TableRateLimitOptions();
        services.AddSingleton<IRateLimitStore>(sp => new TableRateLimitStore(
            CreateTableClient(options),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<TableRateLimitStore>>(),
            options.MaxAttempts));
        return services;
    }

    internal static TableClient CreateTableClient(TableRateLimitOptions options)
    {
        var hasUri = !string.IsNullOrWhiteSpace(options.ServiceUri);
        var hasConnection = !string.IsNullOrWhiteSpace(options.ConnectionString);
        if (hasUri == hasConnection)
        {
            throw new InvalidOperationException(
                $"{TableRateLimitOptions.Section}: set ServiceUri (Azure, managed identity) or ConnectionString (local emulator), exactly one, when Kmt:RateLimits:Store is Table.");
        }

        if (hasConnection)
        {
            return new TableClient(options.ConnectionString, options.TableName);
        }

        if (!Uri.TryCreate(options.ServiceUri, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException($"{TableRateLimitOptions.Section}:ServiceUri must be an absolute https URL.");
        }

        return new TableClient(uri, options.TableName, AzureCredentials.Create(options.ManagedIdentityClientId));
    }
}
