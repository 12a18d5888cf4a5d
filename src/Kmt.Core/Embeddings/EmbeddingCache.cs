using System.Text;
using Microsoft.Extensions.Caching.Memory;

namespace Kmt.Core.Embeddings;

/// <summary>
/// Vectors of short texts (search queries, entity names) kept so the model runs once per text: keyed by the
/// model id and the text with case and runs of white space folded (all-MiniLM-L6-v2 is uncased and splits on
/// white space, so such variants have one vector); bounded by a number of entries, the least recently used
/// leaving first. A vector is a function of the model and the text, so a cached one is never stale.
/// </summary>
public sealed class EmbeddingCache : IDisposable
{
    private readonly MemoryCache? _cache;

    /// <param name="size">Entries kept at most; 0 or less keeps none.</param>
    public EmbeddingCache(int size)
    {
        if (size > 0)
        {
            _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = size });
        }
    }

    /// <summary>The cached vector of <paramref name="text"/> under <paramref name="model"/>, if any.</summary>
    public bool TryGet(string model, string text, out float[] vector)
    {
        vector = [];
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

    /// <summary>The cache key: the model, and the text trimmed, lower-cased, with white space runs as one space.</summary>
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
