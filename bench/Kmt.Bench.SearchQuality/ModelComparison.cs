using System.Diagnostics;
using System.Globalization;
using Kmt.Core.Embeddings;
using Kmt.Documents.Embeddings;

/// <summary>
/// float32 against int8 MiniLM (MiniLmOptions.Quantized) on the same chunks, back to back in one process:
/// chunks per second of each, their ratio, and the cosine between the two vectors of each chunk.
/// </summary>
internal static class ModelComparison
{
    public static async Task RunAsync(List<CorpusDocument> corpus, TextChunker chunker, int documents)
    {
        var chunks = corpus.Take(documents).SelectMany(d => chunker.Split(d.Body)).Select(c => c.Text).ToList();
        using var fp32 = new MiniLmEmbeddingGenerator(new MiniLmOptions { Quantized = false });
        using var int8 = new MiniLmEmbeddingGenerator(new MiniLmOptions { Quantized = true });

        // Load both (and make the int8 rewrite) before timing; the first call's cost is printed.
        var load = Stopwatch.StartNew();
        await fp32.GenerateAsync(["warm up"]);
        var fp32Load = load.Elapsed.TotalSeconds;
        load.Restart();
        await int8.GenerateAsync(["warm up"]);
        var int8Load = load.Elapsed.TotalSeconds;

        // fp32, int8, fp32, int8: alternating halves the effect of a load change on the shared machine.
        double fp32Seconds = 0, int8Seconds = 0;
        IList<Microsoft.Extensions.AI.Embedding<float>> expected = [], actual = [];
        for (var round = 0; round < 2; round++)
        {
            var clock = Stopwatch.StartNew();
            expected = await fp32.GenerateAsync(chunks);
            fp32Seconds += clock.Elapsed.TotalSeconds;
            clock.Restart();
            actual = await int8.GenerateAsync(chunks);
            int8Seconds += clock.Elapsed.TotalSeconds;
        }

        var cosines = expected.Zip(actual, (e, a) => Dot(e.Vector.Span, a.Vector.Span)).ToArray();
        var sorted = cosines.Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            float32 vs int8 MiniLM on {chunks.Count} chunks of {documents} documents ({Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg")[..14]}):
            | model | chunks/s | vs float32 |
            |---|---|---|
            | float32 ({MiniLmEmbeddingGenerator.ModelId}) | {2 * chunks.Count / fp32Seconds:F1} | 1.00 |
            | int8 ({MiniLmEmbeddingGenerator.QuantizedModelId}) | {2 * chunks.Count / int8Seconds:F1} | {fp32Seconds / int8Seconds:F2} |
            first call (model load; int8: the rewrite too): float32 {fp32Load:F2} s, int8 {int8Load:F2} s
            cosine(float32, int8) per chunk: mean {cosines.Average():F4}, min {sorted[0]:F4}, 1st percentile {sorted[(int)(sorted.Length * 0.01)]:F4}
            """));
    }

    // Both vectors are L2-normalised: the dot product is the cosine.
    private static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
        }

        return dot;
    }
}
