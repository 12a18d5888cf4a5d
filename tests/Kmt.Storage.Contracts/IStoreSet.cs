using Kmt.Core.Accounts;
using Kmt.Core.Activity;
using Kmt.Core.Common;
using Kmt.Core.Embeddings;
using Kmt.Core.Insights;
using Kmt.Core.Knowledge;
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

    IInsightRunStore Insights { get; }
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

    public IInsightRunStore Insights { get; init; } = null!;

    public ValueTask DisposeAsync() => dispose?.Invoke() ?? ValueTask.CompletedTask;
}
