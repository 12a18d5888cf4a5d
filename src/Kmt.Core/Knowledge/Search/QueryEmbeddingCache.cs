using Kmt.Core.Embeddings;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Knowledge.Search;

/// <summary>
/// Query vectors of recent searches, so a repeated or paged search does not run the embedding model again
/// (docs/design/storage.md, "Search modes"): an <see cref="EmbeddingCache"/> of
/// <see cref="SearchOptions.QueryEmbeddingCacheSize"/> entries; 0 turns it off.
/// </summary>
public sealed class QueryEmbeddingCache(IOptions<SearchOptions> options) : IDisposable
{
    private readonly EmbeddingCache _cache = new(options.Value.QueryEmbeddingCacheSize);

    /// <summary>The cached vector of <paramref name="text"/> under <paramref name="model"/>, if any.</summary>
    public bool TryGet(string model, string text, out ReadOnlyMemory<float> vector)
    {
        var found = _cache.TryGet(model, text, out var cached);
        vector = cached;
        return found;
    }

    /// <summary>Keeps the vector (a copy: callers' buffers stay theirs).</summary>
    public void Set(string model, string text, ReadOnlyMemory<float> vector) => _cache.Set(model, text, vector);

    public void Dispose() => _cache.Dispose();
}
