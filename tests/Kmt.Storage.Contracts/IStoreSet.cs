using Kmt.Core.Accounts;
using Kmt.Core.Activity;
using Kmt.Core.Common;
using Kmt.Core.Embeddings;
using Kmt.Core.Import;
using Kmt.Core.Graph;
using Kmt.Core.Insights;
using Kmt.Core.Knowledge;
using Kmt.Core.Notifications;
using Kmt.Core.Privacy;
using Kmt.Core.Tags;
using Kmt.Core.Uploads;

namespace Kmt.Storage.Contracts;

/// <summary>Every storage port of one adapter, over one store.</summary>
public interface IStoreSet : IAsyncDisposable
{
    IUserStore Users { get; }

    ICredentialStore Credentials { get; }

    IKnowledgeStore Knowledge { get; }

    ITagStore Tags { get; }

    IActivityStore Activities { get; }

    IUploadStore Uploads { get; }

    IEmbeddingStore Embeddings { get; }

    IUserDataEraser Eraser { get; }

    IPrivacyStore Privacy { get; }

    IAuditLog Audit { get; }

    /// <summary>The graph store; null for a set whose adapter keeps the graph elsewhere (the Cosmos NoSQL set: its graph is Gremlin).</summary>
    IGraphStore? Graph { get; }

    IMailOutbox Mail { get; }
    IImportStore Imports { get; }
    IInsightRunStore Insights { get; }

    Kmt.Core.Analytics.ILearningMetricsStore LearningMetrics { get; }
    INotificationStore Notifications { get; }

    /// <summary>Dormant discoveries, gaps, recommendations and feedback.</summary>
    Kmt.Core.Insights.Discovery.IInsightStore InsightRecords { get; }
}

/// <summary>An <see cref="IStoreSet"/> from already-built ports, with an optional clean-up.</summary>
public sealed class StoreSet(
    IUserStore users,
    ICredentialStore credentials,
    IKnowledgeStore knowledge,
    ITagStore tags,
    IActivityStore activities,
    IUploadStore uploads,
    IEmbeddingStore embeddings,
    IUserDataEraser eraser,
    Func<ValueTask>? dispose = null) : IStoreSet
{
    public IUserStore Users { get; } = users;

    public ICredentialStore Credentials { get; } = credentials;

    public IKnowledgeStore Knowledge { get; } = knowledge;

    public ITagStore Tags { get; } = tags;

    public IActivityStore Activities { get; } = activities;

    public IUploadStore Uploads { get; } = uploads;

    public IEmbeddingStore Embeddings { get; } = embeddings;

    public IUserDataEraser Eraser { get; } = eraser;

    public IPrivacyStore Privacy { get; init; } = null!;

    public IAuditLog Audit { get; init; } = null!;

    public IGraphStore? Graph { get; init; }

    /// <summary>A set holding only a graph store (the Gremlin adapter): the graph contract needs no other port.</summary>
    public static StoreSet GraphOnly(IGraphStore graph, Func<ValueTask>? dispose = null) =>
        new(null!, null!, null!, null!, null!, null!, null!, null!, dispose) { Graph = graph };

    public IMailOutbox Mail { get; init; } = null!;
    public IImportStore Imports { get; init; } = null!;
    public IInsightRunStore Insights { get; init; } = null!;
    public Kmt.Core.Analytics.ILearningMetricsStore LearningMetrics { get; init; } = null!;
    public INotificationStore Notifications { get; init; } = null!;

    public Kmt.Core.Insights.Discovery.IInsightStore InsightRecords { get; init; } = null!;

    public ValueTask DisposeAsync() => dispose?.Invoke() ?? ValueTask.CompletedTask;
}
