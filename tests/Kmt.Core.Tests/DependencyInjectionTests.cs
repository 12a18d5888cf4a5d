using Kmt.Core.Accounts;
using Kmt.Core.Activity;
using Kmt.Core.Common;
using Kmt.Core.Embeddings;
using Kmt.Core.Knowledge;
using Kmt.Core.Privacy;
using Kmt.Core.Tags;
using Kmt.Core.TextAnalysis;
using Kmt.Core.Uploads;
using Kmt.Core.Tests.Fakes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace Kmt.Core.Tests;

public class DependencyInjectionTests
{
    [Fact]
    public void AddKmtCore_binds_options_and_resolves_every_service()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Kmt:Limits:MaxTrackEvents"] = "7",
                ["Kmt:Auth:AccessTokenLifetime"] = "00:05:00",
                ["Kmt:Auth:PasswordIterations"] = "1000",
                ["Kmt:Auth:SigningKeyPem"] = TestSupport.SigningKeyPem,
                ["Kmt:Uploads:MaxFilesPerRequest"] = "3",
                ["Kmt:Uploads:MaxFileBytes"] = "1048576",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton(new Mock<IUserStore>().Object);
        services.AddSingleton(new Mock<ICredentialStore>().Object);
        services.AddSingleton(new Mock<IMailOutbox>().Object);
        services.AddSingleton(new Mock<IUserDataEraser>().Object);
        services.AddSingleton(new Mock<Kmt.Core.RateLimits.IRateLimitStore>().Object);
        services.AddSingleton(new Mock<IStoreHealth>().Object);
        services.AddSingleton(new Mock<IKnowledgeStore>().Object);
        services.AddSingleton(new Mock<ITagStore>().Object);
        services.AddSingleton(new Mock<IActivityStore>().Object);
        services.AddSingleton(new Mock<IUploadStore>().Object);
        services.AddSingleton(new Mock<IBlobStore>().Object);
        services.AddSingleton(new Mock<IUploadTargetIssuer>().Object);
        services.AddSingleton(new Mock<IEmbeddingStore>().Object);
        services.AddSingleton(new Mock<ITextAnalyzer>().Object);
        services.AddSingleton(new Mock<IEmbeddingGenerator<string, Embedding<float>>>().Object);
        services.AddSingleton(new Mock<IPrivacyStore>().Object);
        services.AddSingleton(new Mock<Kmt.Core.Import.IImportStore>().Object);
        services.AddSingleton(new Mock<Kmt.Core.Graph.IGraphStore>().Object);
        services.AddSingleton(new Mock<Kmt.Core.Insights.IInsightRunStore>().Object);
        services.AddSingleton(new Mock<Kmt.Core.Insights.IImportanceModelEngine>().Object);
        services.AddSingleton(new Mock<Kmt.Core.Analytics.ILearningMetricsStore>().Object);
        services.AddSingleton(new Mock<Kmt.Core.Insights.Discovery.IInsightStore>().Object);
        services.AddSingleton(new Mock<Kmt.Core.Notifications.INotificationStore>().Object);
        services.AddSingleton(new Mock<Kmt.Core.Realtime.IRealtimePublisher>().Object);
        services.AddSingleton(new Mock<Kmt.Core.Realtime.IRealtimeNegotiator>().Object);
        var audit = new Mock<IAuditLog>().Object;
        services.AddSingleton(audit);

        services.AddKmtCore(configuration);
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.Equal(7, provider.GetRequiredService<IOptions<KmtLimits>>().Value.MaxTrackEvents);
        Assert.Equal(TimeSpan.FromMinutes(5), provider.GetRequiredService<IOptions<AuthOptions>>().Value.AccessTokenLifetime);
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
        provider.GetRequiredService<AuthService>();
        provider.GetRequiredService<UserService>();
        provider.GetRequiredService<KnowledgeService>();
        provider.GetRequiredService<TagService>();
        provider.GetRequiredService<ActivityService>();
        provider.GetRequiredService<UploadService>();
        provider.GetRequiredService<IngestionService>();
        provider.GetRequiredService<TextChunker>();
        provider.GetRequiredService<ConsentService>();
        provider.GetRequiredService<AuditLogService>();
        provider.GetRequiredService<ExportService>();
        provider.GetRequiredService<ActivityRetentionService>();
        provider.GetRequiredService<PrivacySweepService>();
        provider.GetRequiredService<Kmt.Core.Import.ImportService>();
        provider.GetRequiredService<Kmt.Core.Graph.GraphChangeApplier>();
        provider.GetRequiredService<Kmt.Core.Graph.GraphReconciler>();
        provider.GetRequiredService<Kmt.Core.Graph.RelationshipService>();
        provider.GetRequiredService<Kmt.Core.Graph.GraphQueryService>();
        provider.GetRequiredService<Kmt.Core.Insights.InsightPipelineService>();
        provider.GetRequiredService<Kmt.Core.Embeddings.EmbeddingRequests>();

        // The audit log reaches AuthService (its parameter is optional only for unit tests).
        var field = typeof(AuthService).GetField("_audit", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        Assert.Same(audit, field.GetValue(provider.GetRequiredService<AuthService>()));
        Assert.Equal(3, provider.GetRequiredService<IOptions<UploadOptions>>().Value.MaxFilesPerRequest);
        Assert.Equal(1048576, provider.GetRequiredService<IOptions<UploadOptions>>().Value.MaxFileBytes);
        Assert.Same(provider.GetRequiredService<PasswordHasher>(), provider.GetRequiredService<PasswordHasher>());

        var user = new User
        {
            Id = Ids.New(), Email = "a@b.co", NormalizedEmail = "a@b.co", PasswordHash = "x", Role = Roles.User,
            CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow, ETag = ETags.New(),
        };
        Assert.Equal(300, provider.GetRequiredService<AccessTokenService>().Issue(user, "f").ExpiresInSeconds);
    }

    [Fact]
    public void A_registered_TimeProvider_is_kept()
    {
        var clock = TestSupport.Clock();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);

        services.AddKmtCore(new ConfigurationBuilder().Build());

        using var provider = services.BuildServiceProvider();
        Assert.Same(clock, provider.GetRequiredService<TimeProvider>());
    }
}
