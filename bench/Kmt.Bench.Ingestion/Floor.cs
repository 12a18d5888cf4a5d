using System.Diagnostics;
using Kmt.Core.Documents;
using Kmt.Core.Embeddings;
using Kmt.Core.TextAnalysis;
using Kmt.Core.Uploads;
using Kmt.Documents;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kmt.Bench.Ingestion;

internal sealed record FloorResult(double DocsPerSecond, double ColdDocsPerSecond, double[] PassSeconds, double MeanWords, double MeanCharacters, double MeanChunks, int ChunkCharacters);

internal sealed record InProcessResult(double DocsPerSecond, double Seconds, double MeanParseMs, double MeanAnalysisMs, double MeanEmbeddingMs, double MeanChunks, double CpuMsPerDoc, double EmbeddingCpuMsPerDoc);

/// <summary>
/// What the machine can do without the host: the product's own extractors (resolved from
/// <c>AddKmtDocumentProcessing()</c> and <c>AddKmtInProcessTextAnalyzer()</c>, picked by <see cref="DocumentFormatSniffer"/> as the pipeline
/// does) over every document from memory, <see cref="Environment.ProcessorCount"/> at a time like the
/// DevHost's blob concurrency. One cold pass (JIT), then warm passes; the floor is the median warm pass.
/// </summary>
internal sealed class Floor : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly IReadOnlyList<IDocumentExtractor> _extractors;
    private readonly UploadOptions _uploadOptions = new();

    public Floor()
    {
        _services = new ServiceCollection().AddKmtDocumentProcessing().AddKmtInProcessTextAnalyzer().BuildServiceProvider();
        _extractors = _services.GetServices<IDocumentExtractor>().ToArray();
    }

    public async Task<FloorResult> ParseOnlyAsync(IReadOnlyList<GeneratedDocument> documents, int parallelism, int warmPasses)
    {
        var texts = new string[documents.Count];
        var cold = await PassAsync(documents, parallelism, texts);
        var warm = new List<double>();
        for (var i = 0; i < warmPasses; i++)
        {
            warm.Add(await PassAsync(documents, parallelism, texts));
        }

        // Sanity: every marker must survive extraction, or the end-to-end search would fail for a reason unrelated to ingestion.
        var lost = documents.Where((d, i) => !Normalize(texts[i]).Contains(d.Marker, StringComparison.Ordinal)).Select(d => d.FileName).ToArray();
        if (lost.Length > 0)
        {
            throw new InvalidOperationException($"The marker phrase is missing from the extracted text of: {string.Join(", ", lost)}");
        }

        var chunker = new TextChunker(Options.Create(_uploadOptions));
        var sorted = warm.Order().ToArray();
        var median = sorted.Length == 0 ? cold : sorted[sorted.Length / 2];
        return new FloorResult(
            documents.Count / median,
            documents.Count / cold,
            [cold, .. warm],
            texts.Average(t => Documents.CountWords(t)),
            texts.Average(t => t.Length),
            texts.Average(t => chunker.Split(t).Count),
            _uploadOptions.ChunkCharacters);
    }

    /// <summary>
    /// Optional diagnostic: the whole CPU part of the pipeline in process (parse, analysis, chunk, embed
    /// with the product's MiniLM generator), without HTTP, blob store or SQLite; same parallelism.
    /// </summary>
    public async Task<InProcessResult> InProcessPipelineAsync(IReadOnlyList<GeneratedDocument> documents, int parallelism)
    {
        var analyzer = _services.GetRequiredService<ITextAnalyzer>();
        var generator = _services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var chunker = new TextChunker(Options.Create(_uploadOptions));
        _ = await generator.GenerateAsync(["warm up the model"]); // model load is not part of the figure

        var parse = new double[documents.Count];
        var analysis = new double[documents.Count];
        var embedding = new double[documents.Count];
        var chunks = new int[documents.Count];
        var texts = new string[documents.Count];
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var total = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, documents.Count), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, ct) =>
        {
            var clock = Stopwatch.StartNew();
            var text = await ExtractAsync(documents[i], ct);
            parse[i] = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            _ = await analyzer.AnalyzeAsync(text, new TextAnalysisRequest { SummarySentences = _uploadOptions.SummarySentences }, ct);
            analysis[i] = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            var split = chunker.Split(text);
            chunks[i] = split.Count;
            texts[i] = text;

            // As EmbeddingService does: every chunk of the document in one call.
            _ = await generator.GenerateAsync(split.Select(c => c.Text), cancellationToken: ct);
            embedding[i] = clock.Elapsed.TotalMilliseconds;
        });
        var seconds = total.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;

        // Embedding alone, same parallelism: its CPU per document.
        var split = texts.Select(t => chunker.Split(t).Select(c => c.Text).ToArray()).ToArray();
        process.Refresh();
        var embeddingCpuBefore = process.TotalProcessorTime;
        await Parallel.ForEachAsync(split, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (c, ct) => _ = await generator.GenerateAsync(c, cancellationToken: ct));
        process.Refresh();
        var embeddingCpu = (process.TotalProcessorTime - embeddingCpuBefore).TotalMilliseconds;
        return new InProcessResult(documents.Count / seconds, seconds, parse.Average(), analysis.Average(), embedding.Average(), chunks.Average(),
            cpu / documents.Count, embeddingCpu / documents.Count);
    }

    private async Task<double> PassAsync(IReadOnlyList<GeneratedDocument> documents, int parallelism, string[] texts)
    {
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, documents.Count), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, ct) =>
        {
            texts[i] = await ExtractAsync(documents[i], ct);
        });
        return clock.Elapsed.TotalSeconds;
    }

    private async Task<string> ExtractAsync(GeneratedDocument document, CancellationToken ct)
    {
        using var stream = new MemoryStream(document.Bytes, writable: false);
        var format = DocumentFormatSniffer.Detect(stream) ?? throw new InvalidOperationException($"{document.FileName}: format not recognised");
        stream.Position = 0;
        var extractor = _extractors.First(e => e.Format == format);
        var extracted = await extractor.ExtractAsync(stream, new ExtractionLimits(), ct);
        return extracted.Text;
    }

    public static string Normalize(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    public void Dispose() => _services.Dispose();
}
