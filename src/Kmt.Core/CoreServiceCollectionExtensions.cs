using Kmt.Core.Accounts;
using Kmt.Core.Activity;
using Kmt.Core.Common;
using Kmt.Core.Embeddings;
using Kmt.Core.Import;
using Kmt.Core.Graph;
using Kmt.Core.Insights;
using Kmt.Core.Knowledge;
using Kmt.Core.Knowledge.Search;
using Kmt.Core.Notifications;
using Kmt.Core.Privacy;
using Kmt.Core.RateLimits;
using Kmt.Core.Realtime;
using Kmt.Core.Tags;
using Kmt.Core.Uploads;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kmt.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// The use cases and their options. The host adds the ports (a storage adapter, a mail outbox, an
    /// <see cref="ISigningKeySource"/> unless Kmt:Auth:SigningKeyPem is set) and logging.
    /// </summary>
    public static IServiceCollection AddKmtCore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<KmtLimits>().Bind(configuration.GetSection(KmtLimits.Section));
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section));
        services.AddOptions<UploadOptions>().Bind(configuration.GetSection(UploadOptions.Section));
        services.AddOptions<TagOptions>().Bind(configuration.GetSection(TagOptions.Section));
        services.AddOptions<PrivacyOptions>().Bind(configuration.GetSection(PrivacyOptions.Section));
        services.AddOptions<SearchOptions>().Bind(configuration.GetSection(SearchOptions.Section));
        services.AddOptions<AccountThrottleOptions>().Bind(configuration.GetSection(AccountThrottleOptions.Section));
        services.AddOptions<ImportOptions>().Bind(configuration.GetSection(ImportOptions.Section));
        services.AddOptions<HealthOptions>().Bind(configuration.GetSection(HealthOptions.Section));
        services.AddOptions<GraphOptions>().Bind(configuration.GetSection(GraphOptions.Section));
        services.AddOptions<EntityResolutionOptions>().Bind(configuration.GetSection(EntityResolutionOptions.Section));
        services.AddOptions<WorkQueueOptions>().Bind(configuration.GetSection(WorkQueueOptions.Section));
        services.AddOptions<InsightOptions>().Bind(configuration.GetSection(InsightOptions.Section));
        services.AddOptions<NotificationOptions>().Bind(configuration.GetSection(NotificationOptions.Section));
        services.AddOptions<AccessCountingOptions>().Bind(configuration.GetSection(AccessCountingOptions.Section));
        services.AddOptions<SearchHistoryOptions>().Bind(configuration.GetSection(SearchHistoryOptions.Section));

        services.AddOptions<RealtimeOptions>().Bind(configuration.GetSection(RealtimeOptions.Section));
        services.TryAddSingleton(TimeProvider.System);

        // All stateless apart from cached keys and configuration: one instance each for the process.
        services.AddSingleton<PasswordHasher>();
        // The signing keys are re-read from IOptionsMonitor (or the key source) on a short cache: rotation needs no restart.
        services.AddSingleton(sp =>
        {
            var monitor = sp.GetRequiredService<IOptionsMonitor<AuthOptions>>();
            return new SigningKeyRing(() => monitor.CurrentValue, sp.GetRequiredService<TimeProvider>(), sp.GetService<ISigningKeySource>());
        });
        services.AddSingleton(sp => new AccessTokenService(
            sp.GetRequiredService<SigningKeyRing>(), sp.GetRequiredService<IOptions<AuthOptions>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<AccountThrottle>(); // needs an IRateLimitStore from the host
        services.AddSingleton<CachedStoreHealth>();
        services.AddSingleton(sp => new MailDelivery(
            sp.GetRequiredService<IMailOutbox>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<IMailSender>(), sp.GetService<ILogger<MailDelivery>>()));
        services.AddSingleton<SessionCheckCache>();
        services.AddSingleton<AuthService>();
        services.AddSingleton<ExternalAccountService>();

        // Local mode's bearer tokens; in Entra mode Kmt.Azure registers Entra ID's authenticator instead.
        services.AddSingleton<LocalAccessTokenAuthenticator>();
        if (!AuthModes.IsEntra(configuration[$"{AuthOptions.Section}:{nameof(AuthOptions.Mode)}"]))
        {
            services.AddSingleton<IAccessTokenAuthenticator>(sp => sp.GetRequiredService<LocalAccessTokenAuthenticator>());
        }
        services.AddSingleton<UserService>();
        services.AddSingleton<EmailChangeService>();
        services.AddSingleton<KnowledgeService>();
        services.AddSingleton<QueryEmbeddingCache>(); // query vectors of recent searches (Kmt:Search:QueryEmbeddingCacheSize)
        services.AddSingleton<KnowledgeSearchService>(); // search modes and related notes (docs/design/storage.md, "Search modes")
        // Reads count their access here; the host's flusher writes the tallies (docs/design/storage.md, "Access counts").
        services.AddSingleton<PendingAccesses>();

        // Needs an IRealtimePublisher and IRealtimeNegotiator from the host (Kmt:Realtime:Provider).
        services.AddSingleton<RealtimeTickets>();
        services.AddSingleton<RealtimeEvents>();
        services.AddSingleton<InsightAnnouncer>();
        services.AddSingleton<TagService>();
        services.AddSingleton<TagRenamer>();
        services.AddSingleton<TagRenameSweeper>(); // finishes tag renames a crash left half done (timer trigger)
        services.AddSingleton<ActivityService>();
        services.AddSingleton<SearchHistory>(); // searches as activity, with the tracking consent
        // Searches wait here; the host's flusher writes them (docs/design/storage.md, "Search history").
        services.AddSingleton<PendingSearches>();
        services.AddSingleton<Analytics.AnalyticsService>(); // needs an ILearningMetricsStore (docs/design/person-view.md, "Analytics")

        // Imports (docs/api.md, "Import"): needs an IImportStore from the storage adapter.
        services.AddSingleton<ImportService>();

        // Notifications (docs/design/person-view.md, "Notifications"): needs an INotificationStore from the storage
        // adapter and, for Web Push, an IPushSender from the host. Each insight kind adds its INotificationSource.
        services.AddSingleton<INotificationSource, ImportanceNotificationSource>();
        services.AddSingleton(sp => new NotificationService(
            sp.GetRequiredService<INotificationStore>(), sp.GetRequiredService<IPrivacyStore>(), sp.GetServices<INotificationSource>(),
            sp.GetRequiredService<IOptions<KmtLimits>>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<IPushSender>(), sp.GetService<ILogger<NotificationService>>(),
            sp.GetService<RealtimeEvents>()));
        services.AddSingleton(sp => new NotificationSettingsService(
            sp.GetRequiredService<INotificationStore>(), sp.GetRequiredService<IOptions<NotificationOptions>>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<IPushSender>()));
        services.AddSingleton<NotificationDigestService>();

        // Uploads: the ingestion pipeline also needs the document ports (IDocumentExtractor for each
        // format, ITextAnalyzer) and the upload, blob and upload-target stores; its second stage
        // (EmbeddingService) IEmbeddingGenerator<string, Embedding<float>> and the embedding store.
        services.AddSingleton<TextChunker>();
        services.AddSingleton<UploadService>();
        services.AddSingleton<IngestionService>();
        services.AddSingleton<UploadSweeper>(); // finishes or fails uploads a crash left behind (timer trigger)
        services.AddSingleton<EmbeddingService>(); // the second stage: embedding-requests/{user}/{item}
        services.AddSingleton<EmbeddingRequests>(); // what asks for it after API writes and imports (best effort)

        // Privacy rights (docs/design/storage.md, "Privacy"): consents, audit log, export, erasure, retention.
        services.AddSingleton<ConsentService>();
        services.AddSingleton<AuditLogService>();
        services.AddSingleton<ExportService>();
        services.AddSingleton<AccountErasureService>();
        services.AddSingleton<ActivityRetentionService>();
        services.AddSingleton<PrivacySweepService>();

        // The knowledge graph (docs/design/graph.md, "Knowledge graph"): needs an IGraphStore and an
        // ITextAnalyzer from the host; an IWorkQueue makes it follow item writes within seconds
        // (without one, the nightly reconciliation applies the pending changes).
        services.AddSingleton<GraphChangeNotifier>();
        services.AddSingleton<ItemMentionExtractor>();
        services.AddSingleton<EntityNameEmbeddings>(); // similarity needs an IEmbeddingGenerator; without one, keys and aliases only
        services.AddSingleton<EntitySimilarity>();
        services.AddSingleton<EntityResolver>();
        services.AddSingleton<GraphChangeApplier>();
        services.AddSingleton<GraphReconciler>();
        services.AddSingleton<CoOccurrenceRefresher>();
        services.AddSingleton<SimilarItemsRefresher>(); // needs an IEmbeddingStore
        services.AddSingleton<CoReadRefresher>();
        services.AddSingleton<RelationshipService>();
        services.AddSingleton<EntitySplitService>();
        services.AddSingleton<GraphQueryService>();
        // Connection recommendations (docs/design/graph.md, "Connection recommendations"): the graph, the embedding
        // store and an IInsightStore (where dismissals and acceptances are remembered).
        services.AddOptions<Graph.Connections.ConnectionOptions>().Bind(configuration.GetSection(Graph.Connections.ConnectionOptions.Section));
        services.AddSingleton<Graph.Connections.ConnectionRecommender>();
        // The insight pipeline's steps (docs/design/insights.md, "Insight pipeline"); needs an IInsightRunStore,
        // an IBlobStore (where models live) and an IImportanceModelEngine from the host.
        services.AddSingleton<ImportanceModelRegistry>();
        services.AddSingleton<InsightPipelineService>();
        services.AddSingleton<InsightRunAdministration>();
        // Dormant discoveries, gaps and recommendations; need an IInsightStore and the embedding generator.
        services.AddOptions<Kmt.Core.Insights.Discovery.DiscoveryOptions>().Bind(configuration.GetSection(Kmt.Core.Insights.Discovery.DiscoveryOptions.Section));
        services.AddSingleton<Kmt.Core.Insights.Discovery.DiscoveryInputReader>();
        services.AddSingleton<Kmt.Core.Insights.Discovery.DiscoveryInputCache>();
        services.AddSingleton<Kmt.Core.Insights.Discovery.GapGraphReader>();
        services.AddSingleton<Kmt.Core.Insights.Discovery.DiscoveryPipelineService>();
        services.AddSingleton<Kmt.Core.Insights.Discovery.InsightService>();
        return services;
    }
}
