using System.Text;
using Kmt.Core.Documents;
using Kmt.Core.TextAnalysis;
using Microsoft.Extensions.AI;

namespace Kmt.Core.Tests.Fakes;

/// <summary>Reads the bytes as UTF-8 text; <see cref="Extract"/> decides the result (or throws).</summary>
internal sealed class FakeExtractor(DocumentFormat format) : IDocumentExtractor
{
    public DocumentFormat Format { get; } = format;

    public Func<string, ExtractedDocument> Extract { get; set; } = text => new ExtractedDocument { Text = text };

    public List<ExtractionLimits> Calls { get; } = [];

    public async Task<ExtractedDocument> ExtractAsync(Stream content, ExtractionLimits limits, CancellationToken cancellationToken)
    {
        Calls.Add(limits);
        using var reader = new StreamReader(content, Encoding.UTF8, leaveOpen: true);
        return Extract(await reader.ReadToEndAsync(cancellationToken));
    }
}

internal sealed class FakeTextAnalyzer : ITextAnalyzer
{
    public Func<string, TextAnalysisResult> Analyze { get; set; } = text => new TextAnalysisResult(
        "en",
        [text.Split('.')[0].Trim() + "."],
        [new KeyPhrase("quantum physics", 2, 0.9)],
        [new NamedEntity("Ada Lovelace", EntityCategories.Person, 1, [3])]);

    public List<TextAnalysisRequest> Requests { get; } = [];

    public List<string> Texts { get; } = [];

    public Task<TextAnalysisResult> AnalyzeAsync(string text, TextAnalysisRequest request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        Texts.Add(text);
        return Task.FromResult(Analyze(text));
    }
}

/// <summary>Vectors [length of the text, index in the batch, 1]; records the batch sizes.</summary>
internal sealed class FakeEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public List<int> Batches { get; } = [];

    public Exception? Throw { get; set; }

    /// <summary>Runs while the vectors are being made (a test erases the item meanwhile).</summary>
    public Action? OnGenerate { get; set; }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (Throw is not null)
        {
            throw Throw;
        }

        OnGenerate?.Invoke();

        var texts = values.ToList();
        Batches.Add(texts.Count);
        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(texts.Select((t, i) => new Embedding<float>(new float[] { t.Length, i, 1 }))));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata("fake", null, "fake-minilm") : null;

    public void Dispose()
    {
    }
}
