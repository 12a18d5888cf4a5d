using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kmt.Core.Embeddings;

/// <summary>
/// What an item's stored vectors were made from: per chunk, the SHA-256 of its text and a fingerprint
/// of the vector stored for it. <see cref="EmbeddingService"/> keeps it next to the vectors (blob
/// embedded-chunks/{user}/{item}.json) so that re-embedding an edited item sends only new text to the
/// model. The vector fingerprint makes a stale manifest harmless: a stored vector is reused only when
/// it is bit for bit the one the manifest describes, so a crash between the two writes costs a
/// re-embedding, never a wrong vector.
/// </summary>
public sealed record EmbeddedChunkManifest(
    [property: JsonPropertyName("chunks")] IReadOnlyList<EmbeddedChunkManifest.Entry> Chunks)
{
    /// <param name="Index">The chunk's index among the item's stored chunks.</param>
    /// <param name="Model">The model that made the vector.</param>
    /// <param name="TextSha256">SHA-256 of the chunk's text (UTF-8), hex.</param>
    /// <param name="VectorSha256">SHA-256 of the stored vector's float32 bytes, hex.</param>
    public sealed record Entry(
        [property: JsonPropertyName("index")] int Index,
        [property: JsonPropertyName("model")] string Model,
        [property: JsonPropertyName("text_sha256")] string TextSha256,
        [property: JsonPropertyName("vector_sha256")] string VectorSha256);

    public static string HashText(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static string HashVector(ReadOnlySpan<float> vector) => Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(vector)));

    /// <summary>The manifest of <paramref name="chunks"/>, whose texts are <paramref name="texts"/> (same order).</summary>
    public static EmbeddedChunkManifest Describe(IReadOnlyList<ChunkEmbedding> chunks, IReadOnlyList<string> texts) =>
        new(chunks.Select((c, i) => new Entry(c.Index, c.Model, HashText(texts[i]), HashVector(c.Vector.Span))).ToArray());

    /// <summary>
    /// Stored vectors that can stand for new text, by text hash, made by <paramref name="model"/>: only
    /// those whose stored vector still matches the manifest's fingerprint.
    /// </summary>
    public Dictionary<string, ReadOnlyMemory<float>> Reusable(IReadOnlyList<ChunkEmbedding> stored, string model)
    {
        var byIndex = stored.GroupBy(c => c.Index).ToDictionary(g => g.Key, g => g.First());
        var reusable = new Dictionary<string, ReadOnlyMemory<float>>(StringComparer.Ordinal);
        foreach (var entry in Chunks)
        {
            if (entry.Model == model
                && byIndex.TryGetValue(entry.Index, out var chunk)
                && chunk.Model == model
                && HashVector(chunk.Vector.Span) == entry.VectorSha256)
            {
                reusable.TryAdd(entry.TextSha256, chunk.Vector);
            }
        }

        return reusable;
    }

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this);

    /// <summary>The manifest in <paramref name="json"/>; null when it is not one (it is then ignored: everything is embedded).</summary>
    public static EmbeddedChunkManifest? FromJson(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize<EmbeddedChunkManifest>(json) is { Chunks: not null } manifest ? manifest : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
