namespace Kmt.Core.Embeddings;

/// <summary>One embedded chunk of an item's text.</summary>
/// <param name="Start">Character offset of the chunk in the item's content.</param>
/// <param name="Model">The model that produced the vector (vectors of different models never mix).</param>
public sealed record ChunkEmbedding(int Index, int Start, int Length, string Model, ReadOnlyMemory<float> Vector);

/// <summary>Vectors of an item's chunks, in the user's partition, for the similarity work that follows.</summary>
public interface IEmbeddingStore
{
    /// <summary>Replaces all chunks of the item.</summary>
    Task ReplaceAsync(string userId, string itemId, IReadOnlyList<ChunkEmbedding> chunks, CancellationToken cancellationToken);

    Task<IReadOnlyList<ChunkEmbedding>> GetAsync(string userId, string itemId, CancellationToken cancellationToken);

    /// <summary>
    /// The chunks of several of the user's items in one read (one query per call in each adapter), by item
    /// id, each item's chunks in index order; items without chunks (or unknown) are absent. Callers page
    /// the ids (a page of items at a time), so a call never names more than a few hundred.
    /// </summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<ChunkEmbedding>>> GetManyAsync(string userId, IReadOnlyCollection<string> itemIds, CancellationToken cancellationToken);

    /// <summary>
    /// The user's items whose chunks are closest to <paramref name="vector"/> (cosine similarity; vectors are
    /// L2-normalised, so the dot product), one entry per item carrying its best chunk, best first, at most
    /// <paramref name="take"/>. Only chunks of <paramref name="model"/> count (vectors of different models never mix).
    /// May hold items erased or trashed since: callers check the items (<see cref="Knowledge.Search.KnowledgeSearchFilter"/>).
    /// </summary>
    Task<IReadOnlyList<NearestItem>> NearestAsync(string userId, string model, ReadOnlyMemory<float> vector, int take, CancellationToken cancellationToken);
}

/// <summary>An item near a query vector: its best chunk (position in the content) and that chunk's cosine similarity.</summary>
public sealed record NearestItem(string ItemId, double Similarity, int ChunkStart, int ChunkLength);
