using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.InteropServices;
using Kmt.Core.Embeddings;

namespace Kmt.Storage.Embedded.Embeddings;

/// <summary>
/// One person's chunk vectors in memory (float32, each item's chunks in one contiguous block), searched by
/// brute force: the best chunk per item, then the best items. Loaded from item_embeddings on the person's
/// first semantic search and then kept current by the store's writes (docs/architecture.md, "Search";
/// the figures that chose float32 brute force are in bench/README.md, "Vector search").
/// </summary>
internal sealed class UserVectorIndex
{
    private readonly ConcurrentDictionary<string, ItemVectors> _items = new(StringComparer.Ordinal);

    /// <summary>Held while the index loads and while a write updates it, so a write is never lost to a load.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    private volatile bool _loaded;

    public bool Loaded { get => _loaded; set => _loaded = value; }

    public int ItemCount => _items.Count;

    public void Set(string itemId, IReadOnlyList<ChunkEmbedding> chunks)
    {
        var usable = chunks.Where(c => c.Vector.Length > 0).ToList();
        if (usable.Count == 0)
        {
            _items.TryRemove(itemId, out _);
            return;
        }

        _items[itemId] = ItemVectors.From(usable);
    }

    public void Remove(string itemId) => _items.TryRemove(itemId, out _);

    public IReadOnlyList<NearestItem> Search(string model, ReadOnlySpan<float> query, int take)
    {
        if (take <= 0)
        {
            return [];
        }

        // A min-heap of the best items so far: the root is the worst kept.
        var best = new PriorityQueue<NearestItem, double>(take + 1);
        foreach (var (itemId, vectors) in _items)
        {
            if (vectors.Dimensions != query.Length)
            {
                continue;
            }

            var bestChunk = -1;
            var bestScore = double.NegativeInfinity;
            for (var c = 0; c < vectors.Models.Length; c++)
            {
                if (!string.Equals(vectors.Models[c], model, StringComparison.Ordinal))
                {
                    continue;
                }

                var score = Dot(query, vectors.Values.AsSpan(c * vectors.Dimensions, vectors.Dimensions));
                if (score > bestScore)
                {
                    bestScore = score;
                    bestChunk = c;
                }
            }

            if (bestChunk < 0 || (best.Count == take && best.TryPeek(out _, out var worst) && bestScore <= worst))
            {
                continue;
            }

            best.Enqueue(new NearestItem(itemId, bestScore, vectors.Starts[bestChunk], vectors.Lengths[bestChunk]), bestScore);
            if (best.Count > take)
            {
                best.Dequeue();
            }
        }

        var result = new List<NearestItem>(best.Count);
        while (best.Count > 0)
        {
            result.Add(best.Dequeue());
        }

        result.Reverse();
        return result;
    }

    /// <summary>Dot product with the widest SIMD vectors the machine has (the vectors are L2-normalised: cosine).</summary>
    internal static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var width = Vector<float>.Count;
        var sum = Vector<float>.Zero;
        var i = 0;
        var va = MemoryMarshal.Cast<float, Vector<float>>(a);
        var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
        for (var k = 0; k < va.Length; k++)
        {
            sum += va[k] * vb[k];
        }

        i = va.Length * width;
        var total = Vector.Sum(sum);
        for (; i < a.Length; i++)
        {
            total += a[i] * b[i];
        }

        return total;
    }

    private sealed record ItemVectors(int Dimensions, float[] Values, string[] Models, int[] Starts, int[] Lengths)
    {
        public static ItemVectors From(List<ChunkEmbedding> chunks)
        {
            var dimensions = chunks[0].Vector.Length;
            var kept = chunks.Where(c => c.Vector.Length == dimensions).ToList();
            var values = new float[kept.Count * dimensions];
            for (var i = 0; i < kept.Count; i++)
            {
                kept[i].Vector.Span.CopyTo(values.AsSpan(i * dimensions));
            }

            return new ItemVectors(dimensions, values, kept.Select(c => c.Model).ToArray(), kept.Select(c => c.Start).ToArray(), kept.Select(c => c.Length).ToArray());
        }
    }
}
