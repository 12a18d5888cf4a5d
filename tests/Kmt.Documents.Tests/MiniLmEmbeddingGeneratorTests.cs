using Kmt.Documents.Embeddings;
using Microsoft.Extensions.AI;
using Xunit.Abstractions;

namespace Kmt.Documents.Tests;

/// <summary>One model instance for the class: loading it is the slow part.</summary>
public sealed class EmbeddingFixture : IDisposable
{
    public MiniLmEmbeddingGenerator Generator { get; } = new();

    public void Dispose() => Generator.Dispose();
}

public class MiniLmEmbeddingGeneratorTests(EmbeddingFixture fixture, ITestOutputHelper output) : IClassFixture<EmbeddingFixture>
{
    private readonly MiniLmEmbeddingGenerator _generator = fixture.Generator;

    private static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }

        return dot / (Math.Sqrt(na) * Math.Sqrt(nb));
    }

    [Fact]
    public async Task Produces_384_dimensional_unit_vectors_with_model_metadata()
    {
        var embeddings = await _generator.GenerateAsync(["Bees pollinate flowers."]);
        var embedding = Assert.Single(embeddings);
        Assert.Equal(384, embedding.Dimensions);
        Assert.Equal("all-MiniLM-L6-v2", embedding.ModelId);
        var norm = Math.Sqrt(embedding.Vector.ToArray().Sum(v => (double)v * v));
        Assert.InRange(norm, 0.99, 1.01);

        var metadata = _generator.GetService<EmbeddingGeneratorMetadata>();
        Assert.NotNull(metadata);
        Assert.Equal("all-MiniLM-L6-v2", metadata.DefaultModelId);
        Assert.Equal(384, metadata.DefaultModelDimensions);
    }

    [Fact]
    public async Task Similar_sentences_are_closer_than_unrelated_ones()
    {
        var embeddings = await _generator.GenerateAsync(
        [
            "The cat sits on the mat.",
            "A kitten is resting on a rug.",
            "Quarterly revenue grew by eight percent.",
        ]);
        Assert.Equal(3, embeddings.Count);
        var similar = Cosine(embeddings[0].Vector.Span, embeddings[1].Vector.Span);
        var unrelated = Cosine(embeddings[0].Vector.Span, embeddings[2].Vector.Span);
        output.WriteLine($"similar {similar:F3}, unrelated {unrelated:F3}");
        Assert.True(similar > unrelated + 0.2, $"similar {similar:F3}, unrelated {unrelated:F3}");
    }

    [Fact]
    public async Task Batches_larger_than_the_batch_size_keep_order()
    {
        var inputs = Enumerable.Range(0, MiniLmEmbeddingGenerator.BatchSize + 5).Select(i => $"Sentence number {i} about topic {i % 7}.").ToList();
        var all = await _generator.GenerateAsync(inputs);
        Assert.Equal(inputs.Count, all.Count);
        var last = await _generator.GenerateAsync([inputs[^1]]);
        Assert.True(Cosine(all[^1].Vector.Span, last[0].Vector.Span) > 0.999);
    }

    [Fact]
    public async Task Empty_long_and_multilingual_inputs_embed()
    {
        var longText = string.Join(' ', Enumerable.Repeat("Knowledge grows when notes are reviewed and connected.", 400));
        var cjk = string.Concat(Enumerable.Repeat("日本語のテキスト", 400));
        var embeddings = await _generator.GenerateAsync(["", longText, cjk, "Привет мир 😀"]);
        Assert.Equal(4, embeddings.Count);
        Assert.All(embeddings, e => Assert.Equal(384, e.Vector.Length));
        Assert.All(embeddings, e => Assert.DoesNotContain(e.Vector.ToArray(), float.IsNaN));
    }

    [Fact]
    public async Task Is_safe_to_use_from_many_threads()
    {
        var reference = (await _generator.GenerateAsync(["Concurrent embedding request."]))[0].Vector.ToArray();
        var tasks = Enumerable.Range(0, 8).Select(_ => Task.Run(() => _generator.GenerateAsync(["Concurrent embedding request."]))).ToList();
        foreach (var result in await Task.WhenAll(tasks))
        {
            Assert.True(Cosine(result[0].Vector.Span, reference) > 0.9999);
        }
    }

    [Fact]
    public async Task Cancellation_is_honoured()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _generator.GenerateAsync(["x"], cancellationToken: cts.Token));
    }

    [Fact]
    public async Task A_batch_larger_than_the_internal_batch_size_keeps_its_order()
    {
        // 128 inputs cross several internal batches of 32; each output must belong to its input.
        var sentences = Enumerable.Range(0, 128).Select(i => Fixtures.ProseSentences()[i % 12] + $" Variation {i}.").ToList();
        var batch = await _generator.GenerateAsync(sentences);
        var single = await _generator.GenerateAsync([sentences[77]]);
        Assert.Equal(sentences.Count, batch.Count);
        Assert.Equal(single[0].Vector.ToArray(), batch[77].Vector.ToArray());
    }
}
