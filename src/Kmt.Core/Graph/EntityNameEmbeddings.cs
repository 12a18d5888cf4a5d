using Microsoft.Extensions.AI;
using Kmt.Core.Embeddings;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Graph;

/// <summary>
/// Vectors of entity names for resolution by similarity (docs/design/graph.md, "Entity resolution"):
/// names missing from the cache are embedded together in one call, and a name's vector is kept in an
/// <see cref="EmbeddingCache"/> (it depends on the model and the text only, so the cache is shared by every
/// person and never goes stale). Absent
/// when no embedding model is configured: resolution then uses keys and aliases only.
/// </summary>
public sealed class EntityNameEmbeddings(IOptions<EntityResolutionOptions> options, IEmbeddingGenerator<string, Embedding<float>>? generator = null) : IDisposable
{
    /// <summary>Names one model call embeds at most.</summary>
    private const int BatchSize = 64;

    private readonly EmbeddingCache _cache = new(Math.Max(1, options.Value.CacheSize));

    /// <summary>Whether a model is configured.</summary>
    public bool IsAvailable => generator is not null;

    /// <summary>The model calls made so far (a batch of up to 64 names each); tests assert the cache spares them.</summary>
    public int ModelCalls { get; private set; }

    /// <summary>The vector of each distinct name (unit length not assumed); empty when no model is configured.</summary>
    public async Task<IReadOnlyDictionary<string, float[]>> EmbedAsync(IEnumerable<string> names, CancellationToken cancellationToken)
    {
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        if (generator is null)
        {
            return vectors;
        }

        var model = generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId ?? "unknown";
        var missing = new List<string>();
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            if (_cache.TryGet(model, name, out var cached))
            {
                vectors[name] = cached;
            }
            else
            {
                missing.Add(name);
            }
        }

        foreach (var chunk in missing.Chunk(BatchSize))
        {
            var embeddings = await generator.GenerateAsync(chunk, options: null, cancellationToken).ConfigureAwait(false);
            ModelCalls++;
            for (var i = 0; i < chunk.Length; i++)
            {
                var vector = embeddings[i].Vector.ToArray();
                vectors[chunk[i]] = vector;
                _cache.Set(model, chunk[i], vector);
            }
        }

        return vectors;
    }

    public void Dispose() => _cache.Dispose();
}
