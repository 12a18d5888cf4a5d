using Kmt.Storage.Contracts;

namespace Kmt.Storage.Embedded.Tests.Contracts;

/// <summary>The port contract suites (tests/Kmt.Storage.Contracts) on the embedded adapter: a fresh SQLite store in a temp folder per test.</summary>
internal static class EmbeddedStores
{
    public static Task<IStoreSet> CreateAsync()
    {
        var database = new TestDatabase();
        IStoreSet set = new StoreSet(
            database.Users,
            database.Credentials,
            database.Items,
            database.Tags,
            database.Activities,
            database.Uploads,
            database.Embeddings,
            database.Eraser,
            () =>
            {
                database.Dispose();
                return ValueTask.CompletedTask;
            })
        {
            Privacy = new Kmt.Storage.Embedded.Privacy.SqlitePrivacyStore(database.Database),
            Audit = new Kmt.Storage.Embedded.Privacy.SqliteAuditLog(database.Database),
            Graph = new Kmt.Storage.Embedded.Graph.SqliteGraphStore(database.Database),
            Mail = database.Outbox,
            Imports = new Kmt.Storage.Embedded.Import.SqliteImportStore(database.Database),
            Insights = new Kmt.Storage.Embedded.Insights.SqliteInsightRunStore(database.Database),
            LearningMetrics = new Kmt.Storage.Embedded.Analytics.SqliteLearningMetricsStore(database.Database),
            Notifications = new Kmt.Storage.Embedded.Notifications.SqliteNotificationStore(database.Database),
            InsightRecords = new Kmt.Storage.Embedded.Insights.SqliteInsightStore(database.Database),
        };
        return Task.FromResult(set);
    }
}

public sealed class EmbeddedUserStoreContract : UserStoreContract
{
    protected override Task<IStoreSet> CreateStoresAsync() => EmbeddedStores.CreateAsync();
}

public sealed class EmbeddedCredentialStoreContract : CredentialStoreContract
{
    protected override Task<IStoreSet> CreateStoresAsync() => EmbeddedStores.CreateAsync();
}

public sealed class EmbeddedMailOutboxContract : MailOutboxContract
{
    protected override Task<IStoreSet> CreateStoresAsync() => EmbeddedStores.CreateAsync();
}

public sealed class EmbeddedKnowledgeStoreContract : KnowledgeStoreContract
{
    protected override Task<IStoreSet> CreateStoresAsync() => EmbeddedStores.CreateAsync();
}

/// <summary>FTS5 (porter stemmer, diacritics folded, prefixes through a second unstemmed index): every capability.</summary>
public sealed class EmbeddedKnowledgeSearchContract : KnowledgeSearchContract
{
    protected override Task<IStoreSet> CreateStoresAsync() => EmbeddedStores.CreateAsync();
}

public sealed class EmbeddedTagStoreContract : TagStoreContract
{
    protected override Task<IStoreSet> CreateStoresAsync() => EmbeddedStores.CreateAsync();
}

public sealed class EmbeddedActivityStoreContract : ActivityStoreContract
{
    protected override Task<IStoreSet> CreateStoresAsync() => EmbeddedStores.CreateAsync();
}

public sealed class EmbeddedUploadStoreContract : UploadStoreContract
{
    protected override Task<IStoreSet> CreateStoresAsync() => EmbeddedStores.CreateAsync();
}

public sealed class EmbeddedEmbeddingStoreContract : EmbeddingStoreContract
{
    protected override Task<IStoreSet> CreateStoresAsync() => EmbeddedStores.CreateAsync();
}

public sealed class EmbeddedUserDataEraserContract : UserDataEraserContract
{
    protected override Task<IStoreSet> CreateStoresAsync() => EmbeddedStores.CreateAsync();
}

public sealed class EmbeddedPrivacyStoreContract : PrivacyStoreContract
{
    protected override Task<IStoreSet> CreateStoresAsync() => EmbeddedStores.CreateAsync();
}

public sealed class EmbeddedAuditLogContract : AuditLogContract
{
    protected override Task<IStoreSet> CreateStoresAsync() => EmbeddedStores.CreateAsync();
}

public sealed class EmbeddedActivityRetentionContract : ActivityRetentionContract
{
    protected override Task<IStoreSet> CreateStoresAsync() => EmbeddedStores.CreateAsync();
}

public sealed class EmbeddedImportStoreContract : ImportStoreContract
{
    protected override Task<IStoreSet> CreateStoresAsync() => EmbeddedStores.CreateAsync();
}

public sealed class EmbeddedGraphStoreContract : GraphStoreContract
{
    protected override Task<IStoreSet> CreateStoresAsync() => EmbeddedStores.CreateAsync();
}

public sealed class EmbeddedGraphPendingContract : GraphPendingContract
{
    protected override Task<IStoreSet> CreateStoresAsync() => EmbeddedStores.CreateAsync();
}

public sealed class EmbeddedInsightRunStoreContract : InsightRunStoreContract
{
    protected override Task<IStoreSet> CreateStoresAsync() => EmbeddedStores.CreateAsync();
}

public sealed class EmbeddedLearningMetricsStoreContract : LearningMetricsStoreContract
{
    protected override Task<IStoreSet> CreateStoresAsync() => EmbeddedStores.CreateAsync();
}

public sealed class EmbeddedNotificationStoreContract : NotificationStoreContract
{
    protected override Task<IStoreSet> CreateStoresAsync() => EmbeddedStores.CreateAsync();
}

public sealed class EmbeddedInsightStoreContract : InsightStoreContract
{
    protected override Task<IStoreSet> CreateStoresAsync() => EmbeddedStores.CreateAsync();
}
