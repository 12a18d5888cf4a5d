using Kmt.Core.Accounts;
using Kmt.Core.Activity;
using Kmt.Core.Common;
using Kmt.Core.Embeddings;
using Kmt.Core.Knowledge;
using Kmt.Core.Tags;
using Kmt.Core.Uploads;
using Kmt.Storage.Cosmos.Accounts;
using Kmt.Storage.Cosmos.Activity;
using Kmt.Storage.Cosmos.Common;
using Kmt.Storage.Cosmos.Embeddings;
using Kmt.Storage.Cosmos.Knowledge;
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
    /// With "Kmt:Cosmos:Endpoint" (managed identity) or "Kmt:Cosmos:ConnectionString" (local emulators),
    /// REPLACES (RemoveAll, then Add) every storage port with its Cosmos DB implementation (singletons) and
    /// returns true: IUserStore, ICredentialStore, IMailOutbox, IKnowledgeStore, ITagStore, IActivityStore,
    /// IUploadStore, IEmbeddingStore, IUserDataEraser, IStoreHealth. Blob storage and the signing key stay
    /// whatever is registered. Without those settings it registers nothing and returns false.
    /// </summary>
    public static bool AddKmtCosmosStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(CosmosStoreOptions.Section);
        var options = section.Get<CosmosStoreOptions>() ?? new CosmosStoreOptions();
        if (!options.IsConfigured)
        {
            return false;
        }

        if (!string.IsNullOrWhiteSpace(options.Endpoint) && !string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new InvalidOperationException($"{CosmosStoreOptions.Section}: set Endpoint (Azure, managed identity) or ConnectionString (local emulator), not both.");
        }

        services.AddOptions<CosmosStoreOptions>().Bind(section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new CosmosDatabase(sp.GetRequiredService<IOptions<CosmosStoreOptions>>()));
        services.AddSingleton(sp => new CosmosUserStore(sp.GetRequiredService<CosmosDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new CosmosCredentialStore(sp.GetRequiredService<CosmosDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new CosmosMailOutbox(sp.GetRequiredService<CosmosDatabase>(), sp.GetService<ILogger<CosmosMailOutbox>>()));
        services.AddSingleton(sp => new CosmosKnowledgeStore(sp.GetRequiredService<CosmosDatabase>()));
        services.AddSingleton(sp => new CosmosTagStore(sp.GetRequiredService<CosmosDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new CosmosActivityStore(sp.GetRequiredService<CosmosDatabase>()));
        services.AddSingleton(sp => new CosmosUploadStore(sp.GetRequiredService<CosmosDatabase>()));
        services.AddSingleton(sp => new CosmosEmbeddingStore(sp.GetRequiredService<CosmosDatabase>()));
        services.AddSingleton(sp => new CosmosUserDataEraser(sp.GetRequiredService<CosmosDatabase>(), sp.GetRequiredService<CosmosUserStore>(), sp.GetService<IBlobStore>()));
        services.AddSingleton(sp => new CosmosStoreHealth(sp.GetRequiredService<CosmosDatabase>()));

        Replace<IUserStore, CosmosUserStore>(services);
        Replace<ICredentialStore, CosmosCredentialStore>(services);
        Replace<IMailOutbox, CosmosMailOutbox>(services);
        Replace<IKnowledgeStore, CosmosKnowledgeStore>(services);
        Replace<ITagStore, CosmosTagStore>(services);
        Replace<IActivityStore, CosmosActivityStore>(services);
        Replace<IUploadStore, CosmosUploadStore>(services);
        Replace<IEmbeddingStore, CosmosEmbeddingStore>(services);
        Replace<IUserDataEraser, CosmosUserDataEraser>(services);
        Replace<IStoreHealth, CosmosStoreHealth>(services);
        return true;
    }

    private static void Replace<TPort, TImplementation>(IServiceCollection services)
        where TPort : class
        where TImplementation : class, TPort
    {
        services.RemoveAll<TPort>();
        services.AddSingleton<TPort>(sp => sp.GetRequiredService<TImplementation>());
    }
}
