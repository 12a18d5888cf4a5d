using Kmt.Core.Embeddings;
using Kmt.Core.Common;
using Kmt.Storage.Cosmos.Common;
using Kmt.Storage.Cosmos.Documents;
using Microsoft.Azure.Cosmos;
using static Kmt.Storage.Cosmos.CosmosOperations;

namespace Kmt.Storage.Cosmos.Embeddings;

/// <summary>
/// Chunk vectors in container embeddings (partition: user), one document per chunk, id "{itemId}:{index}",
/// the vector as a float32 array at /vector (vector-indexed for the similarity work that follows).
/// </summary>
/// <remarks>
/// A replace upserts the new chunks, then deletes those past the new count: readers see old or new chunks
/// per index, never a missing one, but not one atomic switch (no batch: 384-float documents in numbers
/// quickly pass a batch's 2 MB / 100-operation limits).
/// </remarks>
public sealed class CosmosEmbeddingStore(CosmosDatabase database) : IEmbeddingStore
{
    public async Task ReplaceAsync(string userId, string itemId, IReadOnlyList<ChunkEmbedding> chunks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        var container = await Container(cancellationToken).ConfigureAwait(false);
        var keep = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in chunks)
        {
            var document = DocumentMapper.ToDocument(userId, itemId, chunk);
            keep.Add(document.Id);
            await UpsertAsync(container, document, userId, cancellationToken).ConfigureAwait(false);
        }

        foreach (var existing in await IdsAsync(container, userId, itemId, cancellationToken).ConfigureAwait(false))
        {
            if (!keep.Contains(existing))
            {
                await DeleteAsync(container, existing, userId, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<IReadOnlyList<ChunkEmbedding>> GetAsync(string userId, string itemId, CancellationToken cancellationToken)
    {
        var container = await Container(cancellationToken).ConfigureAwait(false);
        var query = new QueryDefinition("SELECT * FROM c WHERE c.userId = @u AND c.itemId = @id ORDER BY c.chunkIndex")
            .WithParameter("@u", userId).WithParameter("@id", itemId);
        var documents = await QueryAsync<EmbeddingDocument>(container, query, userId, null, cancellationToken).ConfigureAwait(false);
        return documents.Select(DocumentMapper.ToChunk).ToList();
    }

    /// <summary>One single-partition query for the page of items (ARRAY_CONTAINS over the ids), grouped and ordered here.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<ChunkEmbedding>>> GetManyAsync(string userId, IReadOnlyCollection<string> itemIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(itemIds);
        if (itemIds.Count == 0)
        {
            return new Dictionary<string, IReadOnlyList<ChunkEmbedding>>(StringComparer.Ordinal);
        }

        var container = await Container(cancellationToken).ConfigureAwait(false);
        var query = new QueryDefinition("SELECT * FROM c WHERE c.userId = @u AND ARRAY_CONTAINS(@ids, c.itemId)")
            .WithParameter("@u", userId).WithParameter("@ids", itemIds.Distinct(StringComparer.Ordinal).ToArray());
        var documents = await QueryAsync<EmbeddingDocument>(container, query, userId, null, cancellationToken).ConfigureAwait(false);
        return documents
            .GroupBy(d => d.ItemId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<ChunkEmbedding>)g.OrderBy(d => d.ChunkIndex).Select(DocumentMapper.ToChunk).ToList(), StringComparer.Ordinal);
    }

    /// <summary>
    /// <see cref="CosmosVectorQuery"/>, then each item's best chunk. A Cosmos DB server without vector search
    /// (the local test server has no VectorDistance) answers FEATURE_UNAVAILABLE naming it, never a 500.
    /// </summary>
    public async Task<IReadOnlyList<NearestItem>> NearestAsync(string userId, string model, ReadOnlyMemory<float> vector, int take, CancellationToken cancellationToken)
    {
        if (take <= 0)
        {
            return [];
        }

        var container = await Container(cancellationToken).ConfigureAwait(false);
        List<NearestChunkRow> rows;
        try
        {
            rows = await QueryAsync<NearestChunkRow>(container, CosmosVectorQuery.Nearest(userId, model, vector, take).ToDefinition(), userId, null, cancellationToken).ConfigureAwait(false);
        }
        catch (CosmosException e) when (CosmosFeatures.IsUnsupportedQuery(e))
        {
            throw CosmosFeatures.Unavailable("vector search (VectorDistance)", e);
        }

        return rows.GroupBy(r => r.ItemId, StringComparer.Ordinal)
            .Select(g => g.MaxBy(r => r.Similarity)!)
            .OrderByDescending(r => r.Similarity)
            .Take(take)
            .Select(r => new NearestItem(r.ItemId, r.Similarity, r.Start, r.Length))
            .ToList();
    }

    private static async Task<IEnumerable<string>> IdsAsync(Container container, string userId, string itemId, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT c.id FROM c WHERE c.userId = @u AND c.itemId = @id")
            .WithParameter("@u", userId).WithParameter("@id", itemId);
        return (await QueryAsync<Accounts.IdOnly>(container, query, userId, null, cancellationToken).ConfigureAwait(false)).Select(d => d.Id);
    }

    private Task<Container> Container(CancellationToken cancellationToken) => database.ContainerAsync(ContainerDefinitions.Embeddings, cancellationToken);
}
