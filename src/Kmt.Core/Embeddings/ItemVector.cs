using System.Numerics.Tensors;

namespace Kmt.Core.Embeddings;

/// <summary>
/// One item's vector: the L2-normalised mean of its chunk vectors of one model (the most common one
/// among its chunks), as related notes, discoveries and similar_to edges compare items.
/// </summary>
public sealed record ItemVector(string ItemId, string Model, float[] Vector)
{
    /// <summary>The item's mean vector, or null without chunks.</summary>
    public static ItemVector? FromChunks(string itemId, IReadOnlyList<ChunkEmbedding> chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        if (chunks.Count == 0)
        {
            return null;
        }

        var model = chunks.GroupBy(c => c.Model).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First();
        var sum = new float[model.First().Vector.Length];
        foreach (var chunk in model.Where(c => c.Vector.Length == sum.Length))
        {
            TensorPrimitives.Add(sum, chunk.Vector.Span, sum);
        }

        var norm = TensorPrimitives.Norm(sum);
        if (norm > 0)
        {
            TensorPrimitives.Divide(sum, norm, sum);
        }

        return new ItemVector(itemId, model.Key, sum);
    }
}
