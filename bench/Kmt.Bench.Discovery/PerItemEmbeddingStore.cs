using Kmt.Core.Embeddings;

namespace Kmt.Bench.Discovery;

/// <summary>
/// Counts the embedding queries the discovery reader makes. With batch = false its batch read makes one
/// GetAsync per item, which is how the reader read vectors before GetManyAsync (one query per item).
/// </summary>
internal sealed class PerItemEmbeddingStore(IEmbeddingStore inner, bool batch = false) : IEmbeddingStore
{
    public long Queries { get; set; }

    public Task ReplaceAsync(string userId, string itemId, IReadOnlyList<ChunkEmbedding> chunks, CancellationToken cancellationToken) =>
        inner.ReplaceAsync(userId, itemId, chunks, cancellationToken);

    public Task<IReadOnlyList<ChunkEmbedding>> GetAsync(string userId, string itemId, CancellationToken cancellationToken)
    {
        Queries++;
        return inner.GetAsync(userId, itemId, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<ChunkEmbedding>>> GetManyAsync(string userId, IReadOnlyCollection<string> itemIds, CancellationToken cancellationToken)
    {
        if (batch)
        {
            Queries++;
            return await inner.GetManyAsync(userId, itemIds, cancellationToken);
        }

        var found = new Dictionary<string, IReadOnlyList<ChunkEmbedding>>(StringComparer.Ordinal);
        foreach (var id in itemIds)
        {
            var chunks = await GetAsync(userId, id, cancellationToken);
            if (chunks.Count > 0)
            {
                found[id] = chunks;
            }
        }

        return found;
    }

    public Task<IReadOnlyList<NearestItem>> NearestAsync(string userId, string model, ReadOnlyMemory<float> vector, int take, CancellationToken cancellationToken) =>
        inner.NearestAsync(userId, model, vector, take, cancellationToken);
}
