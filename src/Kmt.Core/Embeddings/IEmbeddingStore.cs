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
}
