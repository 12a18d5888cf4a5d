using System.Diagnostics;
using Kmt.Core.Documents;
using Kmt.Core.TextAnalysis;
using Kmt.Documents.Analysis;
using Kmt.Documents.Embeddings;
using Kmt.Documents.Extraction;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Kmt.Documents.Tests;

public class PipelineTests(ITestOutputHelper output)
{
    [Fact]
    public void Registers_extractors_analyzer_and_embedding_generator()
    {
        var services = new ServiceCollection();
        services.AddKmtDocumentProcessing();
        services.AddKmtDocumentProcessing(); // idempotent
        services.AddKmtInProcessTextAnalyzer();
        using var provider = services.BuildServiceProvider();

        var extractors = provider.GetServices<IDocumentExtractor>().ToList();
        Assert.Equal(5, extractors.Count);
        Assert.Equal(Enum.GetValues<Kmt.Core.Documents.DocumentFormat>().Order(), extractors.Select(e => e.Format).Order());
        Assert.IsType<InProcessTextAnalyzer>(provider.GetRequiredService<ITextAnalyzer>());
        var generator = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        Assert.IsType<MiniLmEmbeddingGenerator>(generator);
        Assert.Same(generator, provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());
    }

    [Fact]
    public void Document_processing_leaves_the_analyzer_to_its_own_provider_choice()
    {
        var services = new ServiceCollection();
        services.AddKmtDocumentProcessing();

        Assert.DoesNotContain(services, d => d.ServiceType == typeof(ITextAnalyzer));
    }

    [Fact]
    public async Task Sniff_extract_and_analyze_a_five_page_pdf()
    {
        var pdf = Fixtures.FivePageProsePdf();
        var extractor = new PdfExtractor();
        var analyzer = new InProcessTextAnalyzer();

        // Warm up (JIT, PdfPig font tables).
        var warm = await extractor.ExtractAsync(Fixtures.Stream(pdf), new ExtractionLimits(), CancellationToken.None);
        await analyzer.AnalyzeAsync(warm.Text, new TextAnalysisRequest(), CancellationToken.None);

        const int runs = 5;
        var extractWatch = new Stopwatch();
        var analyzeWatch = new Stopwatch();
        ExtractedDocument document = warm;
        TextAnalysisResult result = null!;
        for (var i = 0; i < runs; i++)
        {
            extractWatch.Start();
            Assert.Equal(Kmt.Core.Documents.DocumentFormat.Pdf, DocumentFormatSniffer.Detect(pdf));
            document = await extractor.ExtractAsync(Fixtures.Stream(pdf), new ExtractionLimits(), CancellationToken.None);
            extractWatch.Stop();
            analyzeWatch.Start();
            result = await analyzer.AnalyzeAsync(document.Text, new TextAnalysisRequest(), CancellationToken.None);
            analyzeWatch.Stop();
        }

        var words = document.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        var extractMs = extractWatch.Elapsed.TotalMilliseconds / runs;
        var analyzeMs = analyzeWatch.Elapsed.TotalMilliseconds / runs;
        output.WriteLine($"{document.PageCount} pages, {words} words, {document.Text.Length} chars: sniff+extract {extractMs:F1} ms, analyze {analyzeMs:F1} ms");
        output.WriteLine($"language {result.Language}; summary: {string.Join(" | ", result.Summary)}");
        output.WriteLine($"key phrases: {string.Join(", ", result.KeyPhrases.Select(k => $"{k.Text}({k.Count})"))}");
        output.WriteLine($"entities: {string.Join(", ", result.Entities.Select(e => $"{e.Text}/{e.Category}({e.Count})"))}");

        Assert.Equal(5, document.PageCount);
        Assert.InRange(words, 2500, 4000);
        Assert.Equal("en", result.Language);
        Assert.Contains(result.KeyPhrases, k => k.Text.Contains("knowledge", StringComparison.Ordinal));
        Assert.Contains(result.Entities, e => e.Text == "Marie Curie" && e.Category == EntityCategories.Person);
    }
}
