using Kmt.Core.Insights;
using Kmt.Core.Notifications;
using Kmt.Storage.Embedded.Notifications;
using Kmt.Storage.Embedded.Insights;
using Kmt.Core.Accounts;
using Kmt.Core.Activity;
using Kmt.Core.Common;
using Kmt.Core.Embeddings;
using Kmt.Core.Graph;
using Kmt.Core.Knowledge;
using Kmt.Core.Import;
using Kmt.Core.Privacy;
using Kmt.Core.Tags;
using Kmt.Core.Uploads;
using Kmt.Core.Realtime;
using Kmt.Storage.Embedded.Realtime;
using Kmt.Storage.Embedded.Accounts;
using Kmt.Storage.Embedded.Activity;
using Kmt.Storage.Embedded.Blobs;
using Kmt.Storage.Embedded.Common;
using Kmt.Storage.Embedded.Embeddings;
using Kmt.Storage.Embedded.Graph;
using Kmt.Storage.Embedded.Knowledge;
using Kmt.Storage.Embedded.Import;
using Kmt.Storage.Embedded.Privacy;
using Kmt.Storage.Embedded.Queues;
using Kmt.Storage.Embedded.Sqlite;
using Kmt.Storage.Embedded.Tags;
using Kmt.Storage.Embedded.Uploads;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kmt.Storage.Embedded;

public static class EmbeddedStoreServiceCollectionExtensions
{
    /// <summary>
    /// Kmt:Storage:Provider = Embedded: registers the embedded (SQLite) implementation of every storage
    /// port as singletons, with options from configuration section "Kmt:Embedded". The database is
    /// created and migrated on first use. Blob storage and the signing key are separate choices
    /// (<see cref="AddKmtLocalBlobStorage"/>, <see cref="AddKmtLocalSigningKey"/>); see
    /// docs/architecture.md, "Choosing the providers".
    /// </summary>
    public static IServiceCollection AddKmtEmbeddedStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<EmbeddedStoreOptions>().Bind(configuration.GetSection(EmbeddedStoreOptions.Section));
        services.AddSingleton<SqliteDatabase>();

        services.AddSingleton<SqliteUserStore>();
        services.AddSingleton<IUserStore>(sp => sp.GetRequiredService<SqliteUserStore>());
        services.AddSingleton<SqliteCredentialStore>();
        services.AddSingleton<ICredentialStore>(sp => sp.GetRequiredService<SqliteCredentialStore>());
        services.AddSingleton<EmbeddedMailOutbox>();
        services.AddSingleton<IMailOutbox>(sp => sp.GetRequiredService<EmbeddedMailOutbox>());

        // Local delivery is the log (a developer reads reset codes there); Azure's logs never get them.
        services.TryAddSingleton<IMailSender, LoggingMailSender>();

        services.AddSingleton<SqliteKnowledgeStore>();
        services.AddSingleton<IKnowledgeStore>(sp => sp.GetRequiredService<SqliteKnowledgeStore>());
        services.AddSingleton<SqliteTagStore>();
        services.AddSingleton<ITagStore>(sp => sp.GetRequiredService<SqliteTagStore>());
        services.AddSingleton<SqliteActivityStore>();
        services.AddSingleton<IActivityStore>(sp => sp.GetRequiredService<SqliteActivityStore>());

        services.AddSingleton<SqliteUploadStore>();
        services.AddSingleton<IUploadStore>(sp => sp.GetRequiredService<SqliteUploadStore>());
        services.AddSingleton<SqliteEmbeddingStore>();
        services.AddSingleton<IEmbeddingStore>(sp => sp.GetRequiredService<SqliteEmbeddingStore>());
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<SqlitePrivacyStore>();
        services.AddSingleton<IPrivacyStore>(sp => sp.GetRequiredService<SqlitePrivacyStore>());
        services.AddSingleton<SqliteAuditLog>();
        services.AddSingleton<SqliteImportStore>();
        services.AddSingleton<IImportStore>(sp => sp.GetRequiredService<SqliteImportStore>());
        services.AddSingleton<IAuditLog>(sp => sp.GetRequiredService<SqliteAuditLog>());

        services.AddSingleton<SqliteInsightRunStore>();
        services.AddSingleton<IInsightRunStore>(sp => sp.GetRequiredService<SqliteInsightRunStore>());
        services.AddSingleton<Analytics.SqliteLearningMetricsStore>();
        services.AddSingleton<Kmt.Core.Analytics.ILearningMetricsStore>(sp => sp.GetRequiredService<Analytics.SqliteLearningMetricsStore>());
        services.AddSingleton<SqliteNotificationStore>();
        services.AddSingleton<INotificationStore>(sp => sp.GetRequiredService<SqliteNotificationStore>());

        services.AddSingleton<SqliteInsightStore>();
        services.AddSingleton<Kmt.Core.Insights.Discovery.IInsightStore>(sp => sp.GetRequiredService<SqliteInsightStore>());

        services.AddSingleton<SqliteUserDataEraser>();
        services.AddSingleton<IUserDataEraser>(sp => sp.GetRequiredService<SqliteUserDataEraser>());
        services.AddSingleton<SqliteStoreHealth>();
        services.AddSingleton<IStoreHealth>(sp => sp.GetRequiredService<SqliteStoreHealth>());
        return services;
    }

    /// <summary>
    /// Kmt:Queues:Provider = Embedded: <see cref="SqliteWorkQueue"/> (in the embedded store's database) as
    /// <see cref="IWorkQueue"/> and <see cref="IWorkQueueReceiver"/>; the DevHost's queue runner consumes it
    /// (docs/design/hosting.md, "Queues").
    /// </summary>
    public static IServiceCollection AddKmtEmbeddedQueue(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<EmbeddedStoreOptions>().Bind(configuration.GetSection(EmbeddedStoreOptions.Section));
        services.TryAddSingleton<SqliteDatabase>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SqliteWorkQueue>();
        services.AddSingleton<IWorkQueue>(sp => sp.GetRequiredService<SqliteWorkQueue>());
        services.AddSingleton<IWorkQueueReceiver>(sp => sp.GetRequiredService<SqliteWorkQueue>());
        return services;
    }

    /// <summary>
    /// Kmt:Blobs:Provider = Local: blobs in a folder under the data directory ("Kmt:Embedded:DataDirectory")
    /// and two-step uploads to the API's own authenticated PUT endpoint. Needs no SQLite, so it goes with
    /// either storage provider.
    /// </summary>
    /// <summary>
    /// Kmt:Graph:Provider = Embedded: the knowledge graph in the embedded store's SQLite database (the
    /// composition root allows it beside <see cref="AddKmtEmbeddedStore"/> only; Kmt:Graph:Provider = Gremlin
    /// puts it on Cosmos DB for Apache Gremlin instead).
    /// </summary>
    public static IServiceCollection AddKmtEmbeddedGraphStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<EmbeddedStoreOptions>().Bind(configuration.GetSection(EmbeddedStoreOptions.Section));
        services.TryAddSingleton<SqliteDatabase>();
        services.AddSingleton<SqliteGraphStore>();
        services.AddSingleton<IGraphStore>(sp => sp.GetRequiredService<SqliteGraphStore>());
        return services;
    }

    public static IServiceCollection AddKmtLocalBlobStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<EmbeddedStoreOptions>().Bind(configuration.GetSection(EmbeddedStoreOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<LocalFolderBlobStore>();
        services.AddSingleton<IBlobStore>(sp => sp.GetRequiredService<LocalFolderBlobStore>());
        services.AddSingleton<IUploadTargetIssuer, LocalUploadTargetIssuer>();
        return services;
    }

    /// <summary>
    /// The access-token signing key kept in the data directory (signing-key.pem, created on first use);
    /// Kmt:Auth:SigningKeyPem, when set, takes precedence (in Azure it comes from Key Vault). A file, not
    /// SQLite: it serves either storage provider on a single machine.
    /// </summary>
    public static IServiceCollection AddKmtLocalSigningKey(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<EmbeddedStoreOptions>().Bind(configuration.GetSection(EmbeddedStoreOptions.Section));
        services.AddSingleton<EmbeddedSigningKeySource>();
        services.AddSingleton<ISigningKeySource>(sp => sp.GetRequiredService<EmbeddedSigningKeySource>());
        return services;
    }

    /// <summary>
    /// Kmt:Realtime:Provider = InProcess: real-time messages to the connections of this process
    /// (<see cref="InProcessRealtimeHub"/>, whose WebSocket endpoint the DevHost serves) and negotiation
    /// that points back at it with a KMT-signed ticket. Needs no SQLite.
    /// </summary>
    public static IServiceCollection AddKmtInProcessRealtime(this IServiceCollection services)
    {
        services.AddSingleton<InProcessRealtimeHub>();
        services.AddSingleton<IRealtimePublisher>(sp => sp.GetRequiredService<InProcessRealtimeHub>());
        services.AddSingleton<IRealtimeNegotiator, InProcessRealtimeNegotiator>();
        return services;
    }
}
