using System.Collections.ObjectModel;
using Microsoft.Azure.Cosmos;

namespace Kmt.Storage.Cosmos;

/// <summary>
/// The containers of database "kmt" (docs/azure-layout.md) with their partition keys, TTLs and indexing
/// policies. Infra (Bicep) must create the same; <see cref="CosmosDatabase"/> creates them itself only
/// when <see cref="CosmosStoreOptions.CreateIfNotExists"/> is set (local servers, tests).
/// </summary>
/// <remarks>
/// Indexing: multi-field ORDER BY needs a composite index per (field, direction) pair, so the keyset
/// listings (sort field, id) have one each way. Full text: knowledge items have a full-text policy and
/// index on /title and /content (FullTextContains, FullTextScore). Vectors: /vector (384 float32, cosine,
/// all-MiniLM-L6-v2) on embeddings and knowledge items (for hybrid search), excluded from range indexing.
/// </remarks>
public static class ContainerDefinitions
{
    public const string Users = "users";
    public const string UserKeys = "userKeys";
    public const string Credentials = "credentials";
    public const string Knowledge = "knowledge";
    public const string Tags = "tags";
    public const string Activities = "activities";
    public const string ReadingSessions = "readingSessions";
    public const string Uploads = "uploads";
    public const string Embeddings = "embeddings";
    public const string Mail = "mail";

    /// <summary>Insight runs, their feature snapshots and importance scores (docs/design/insights.md, "Insight pipeline").</summary>
    public const string Insights = "insights";

    /// <summary>Notifications, preferences, push subscriptions and sent marks (docs/design/person-view.md, "Notifications").</summary>
    public const string Notifications = "notifications";

    /// <summary>Consents, audit entries (per-item TTL), export jobs, daily activity counts; erasure jobs in their own partition.</summary>
    public const string Privacy = "privacy";

    public const string UserPartitionKeyPath = "/userId";
    public const string UserKeysPartitionKeyPath = "/key";

    public const int MailTtlSeconds = 30 * 24 * 60 * 60;

    /// <summary>Dimensions of the stored vectors (all-MiniLM-L6-v2).</summary>
    public const int VectorDimensions = 384;

    /// <summary>Every container partitioned by /userId, in erasure order (users last, see CosmosUserDataEraser).</summary>
    public static readonly IReadOnlyList<string> UserPartitioned =
        [Credentials, Knowledge, Tags, Activities, ReadingSessions, Uploads, Embeddings, Mail, Privacy, Insights, Notifications, Users];

    public static IReadOnlyList<ContainerProperties> All() =>
    [
        Simple(Users),
        new ContainerProperties(UserKeys, UserKeysPartitionKeyPath),
        // Per-item TTL (ttl = seconds to expiry + grace): -1 turns TTL on without a default.
        Simple(Credentials, defaultTtl: -1),
        KnowledgeContainer(),
        Simple(Tags),
        // TTL on without a default: the retention job (docs/design/storage.md, "Privacy") deletes events only
        // after folding them into daily counts, which a container TTL would not wait for.
        WithComposite(Simple(Activities, defaultTtl: -1), "/occurredAt"),
        WithComposite(Simple(ReadingSessions), "/startTime"),
        WithComposite(Simple(Uploads), "/createdAt"),
        EmbeddingsContainer(),
        Simple(Mail, MailTtlSeconds),
        WithComposite(Simple(Privacy, defaultTtl: -1), "/at"),
        InsightsContainer(),
        // The feed is listed newest first; undigested ones oldest first.
        WithComposite(Simple(Notifications), "/createdAt"),
    ];

    public static ContainerProperties Get(string name) =>
        All().FirstOrDefault(c => c.Id == name) ?? throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown container.");

    private static ContainerProperties Simple(string name, int? defaultTtl = null)
    {
        var properties = new ContainerProperties(name, UserPartitionKeyPath);
        if (defaultTtl is { } ttl)
        {
            properties.DefaultTimeToLive = ttl;
        }

        return properties;
    }

    /// <summary>Items and versions: keyset listings on four sort fields, full text on title and content, a vector for hybrid search.</summary>
    private static ContainerProperties KnowledgeContainer()
    {
        var properties = Simple(Knowledge);
        foreach (var field in new[] { "/createdAt", "/updatedAt", "/accessedAt", "/importanceScore" })
        {
            WithComposite(properties, field);
        }

        var indexing = properties.IndexingPolicy;
        // Long text is searched through the full-text index, never range-compared.
        indexing.ExcludedPaths.Add(new ExcludedPath { Path = "/content/?" });
        indexing.ExcludedPaths.Add(new ExcludedPath { Path = "/metadataJson/?" });
        indexing.ExcludedPaths.Add(new ExcludedPath { Path = "/vector/*" });
        indexing.FullTextIndexes.Add(new FullTextIndexPath { Path = "/title" });
        indexing.FullTextIndexes.Add(new FullTextIndexPath { Path = "/content" });
        indexing.VectorIndexes.Add(new VectorIndexPath { Path = "/vector", Type = VectorIndexType.QuantizedFlat });
        properties.FullTextPolicy = new FullTextPolicy
        {
            DefaultLanguage = "en-US",
            FullTextPaths = new Collection<FullTextPath>
            {
                new() { Path = "/title", Language = "en-US" },
                new() { Path = "/content", Language = "en-US" },
            },
        };
        properties.VectorEmbeddingPolicy = VectorPolicy();
        return properties;
    }

    /// <summary>A run's snapshot and scores, the learning activity masks and a learning day's readings per hour, are arrays inside one document each: never filtered on, so not indexed.</summary>
    private static ContainerProperties InsightsContainer()
    {
        var properties = Simple(Insights);
        properties.IndexingPolicy.ExcludedPaths.Add(new ExcludedPath { Path = "/items/*" });
        properties.IndexingPolicy.ExcludedPaths.Add(new ExcludedPath { Path = "/scores/*" });
        properties.IndexingPolicy.ExcludedPaths.Add(new ExcludedPath { Path = "/masks/*" });
        properties.IndexingPolicy.ExcludedPaths.Add(new ExcludedPath { Path = "/hourReads/*" });
        return properties;
    }

    private static ContainerProperties EmbeddingsContainer()
    {
        var properties = Simple(Embeddings);
        properties.IndexingPolicy.ExcludedPaths.Add(new ExcludedPath { Path = "/vector/*" });
        properties.IndexingPolicy.ExcludedPaths.Add(new ExcludedPath { Path = "/vectorBits/?" });
        properties.IndexingPolicy.VectorIndexes.Add(new VectorIndexPath { Path = "/vector", Type = VectorIndexType.QuantizedFlat });
        properties.VectorEmbeddingPolicy = VectorPolicy();
        return properties;
    }

    private static VectorEmbeddingPolicy VectorPolicy() => new(new Collection<Embedding>
    {
        new() { Path = "/vector", DataType = VectorDataType.Float32, Dimensions = VectorDimensions, DistanceFunction = DistanceFunction.Cosine },
    });

    /// <summary>(field, id) composite indexes both ways, for ORDER BY c.field DESC, c.id DESC (and ASC).</summary>
    private static ContainerProperties WithComposite(ContainerProperties properties, string field)
    {
        foreach (var order in new[] { CompositePathSortOrder.Descending, CompositePathSortOrder.Ascending })
        {
            properties.IndexingPolicy.CompositeIndexes.Add(new Collection<CompositePath>
            {
                new() { Path = field, Order = order },
                new() { Path = "/id", Order = order },
            });
        }

        return properties;
    }
}
