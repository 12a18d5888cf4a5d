using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Knowledge.Search;

/// <summary>
/// Query vectors of recent searches, so a repeated or paged search does not run the embedding model again
/// (docs/design/storage.md, "Search modes"). Keyed by the model id and the query's normalised text; bounded by
/// <see cref="SearchOptions.QueryEmbeddingCacheSize"/> entries (least recently used leave first when it is
/// full). A vector is a function of the model and the text, so a cached one is never stale; 0 turns it off.
/// </summary>
public sealed class QueryEmbeddingCache : IDisposable
{
    private readonly MemoryCache? _cache;

    public QueryEmbeddingCache(IOptions<SearchOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Value.QueryEmbeddingCacheSize > 0)
        {
            _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.QueryEmbeddingCacheSize });
        }
    }

    /// <summary>The cached vector of <paramref name="text"/> under <paramref name="model"/>, if any.</summary>
    public bool TryGet(string model, string text, out ReadOnlyMemory<float> vector)
    {
        vector = default;
        if (_cache is null || !_cache.TryGetValue(Key(model, text), out float[]? found) || found is null)
        {
            return false;
        }

        vector = found;
        return true;
    }

    /// <summary>Keeps the vector (a copy: callers' buffers stay theirs).</summary>
    public void Set(string model, string text, ReadOnlyMemory<float> vector) =>
        _cache?.Set(Key(model, text), vector.ToArray(), new MemoryCacheEntryOptions { Size = 1 });

    public void Dispose() => _cache?.Dispose();

    /// <summary>
    /// The model lower-cases its input (all-MiniLM-L6-v2 is uncased) and splits on white space, so case and
    /// runs of white space do not change the vector: they are folded here so such variants share one entry.
    /// </summary>
    internal static (string Model, string Text) Key(string model, string text)
    {
        var normalised = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space)
            {
                normalised.Append(' ');
                space = false;
            }

            normalised.Append(char.ToLowerInvariant(c));
        }

        return (model, normalised.ToString());
    }
}
