using Kmt.Core.Accounts;
using Kmt.Core.Activity;
using Kmt.Core.Common;
using Kmt.Core.Knowledge;
using Kmt.Core.Tags;
using Kmt.Storage.Embedded.Accounts;
using Kmt.Storage.Embedded.Activity;
using Kmt.Storage.Embedded.Common;
using Kmt.Storage.Embedded.Knowledge;
using Kmt.Storage.Embedded.Sqlite;
using Kmt.Storage.Embedded.Tags;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kmt.Storage.Embedded;

public static class EmbeddedStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the embedded (SQLite) implementations of every storage port as singletons, with
    /// options from configuration section "Kmt:Embedded". The database is created and migrated on first use.
    /// </summary>
    public static IServiceCollection AddKmtEmbeddedStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmbeddedStoreOptions>().Bind(configuration.GetSection(EmbeddedStoreOptions.Section));
        services.AddSingleton<SqliteDatabase>();

        services.AddSingleton<SqliteUserStore>();
        services.AddSingleton<IUserStore>(sp => sp.GetRequiredService<SqliteUserStore>());
        services.AddSingleton<SqliteCredentialStore>();
        services.AddSingleton<ICredentialStore>(sp => sp.GetRequiredService<SqliteCredentialStore>());
        services.AddSingleton<EmbeddedMailOutbox>();
        services.AddSingleton<IMailOutbox>(sp => sp.GetRequiredService<EmbeddedMailOutbox>());
        services.AddSingleton<EmbeddedSigningKeySource>();
        services.AddSingleton<ISigningKeySource>(sp => sp.GetRequiredService<EmbeddedSigningKeySource>());

        services.AddSingleton<SqliteKnowledgeStore>();
        services.AddSingleton<IKnowledgeStore>(sp => sp.GetRequiredService<SqliteKnowledgeStore>());
        services.AddSingleton<SqliteTagStore>();
        services.AddSingleton<ITagStore>(sp => sp.GetRequiredService<SqliteTagStore>());
        services.AddSingleton<SqliteActivityStore>();
        services.AddSingleton<IActivityStore>(sp => sp.GetRequiredService<SqliteActivityStore>());

        services.AddSingleton<SqliteUserDataEraser>();
        services.AddSingleton<IUserDataEraser>(sp => sp.GetRequiredService<SqliteUserDataEraser>());
        services.AddSingleton<SqliteStoreHealth>();
        services.AddSingleton<IStoreHealth>(sp => sp.GetRequiredService<SqliteStoreHealth>());
        return services;
    }
}
