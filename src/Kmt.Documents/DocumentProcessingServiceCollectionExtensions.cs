using Kmt.Core.Documents;
using Kmt.Core.TextAnalysis;
using Kmt.Documents.Analysis;
using Kmt.Documents.Embeddings;
using Kmt.Documents.Extraction;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Kmt.Documents;

public static class DocumentProcessingServiceCollectionExtensions
{
    /// <summary>
    /// In-process document processing (text analysis is a separate choice: <see cref="AddKmtInProcessTextAnalyzer"/>):
    /// <list type="bullet">
    /// <item>the five extractors (PDF, DOCX, HTML, Markdown, plain text) as <see cref="IDocumentExtractor"/>
    /// singletons: resolve <c>IEnumerable&lt;IDocumentExtractor&gt;</c> and pick by <see cref="IDocumentExtractor.Format"/>;</item>
    /// <item><see cref="MiniLmEmbeddingGenerator"/> as <c>IEmbeddingGenerator&lt;string, Embedding&lt;float&gt;&gt;</c>
    /// (singleton; a pool of single-threaded ONNX sessions, created on first use, sized by
    /// <see cref="MiniLmOptions"/> if the host binds them).</item>
    /// </list>
    /// Calling it twice does not register the extractors twice.
    /// </summary>
    public static IServiceCollection AddKmtDocumentProcessing(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentExtractor, PdfExtractor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentExtractor, DocxExtractor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentExtractor, HtmlExtractor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentExtractor, MarkdownExtractor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentExtractor, PlainTextExtractor>());

        // Kmt:Embeddings:MiniLm (MiniLmOptions) when the host binds it; the defaults otherwise.
        services.TryAddSingleton(sp => new MiniLmEmbeddingGenerator(sp.GetService<IOptions<MiniLmOptions>>()?.Value));
        services.TryAddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(sp => sp.GetRequiredService<MiniLmEmbeddingGenerator>());
        return services;
    }

    /// <summary>
    /// Kmt:Language:Provider = InProcess (the default): <see cref="InProcessTextAnalyzer"/> as
    /// <see cref="ITextAnalyzer"/> (singleton). The alternative is Kmt.Azure's AddKmtAzureLanguage.
    /// </summary>
    public static IServiceCollection AddKmtInProcessTextAnalyzer(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<ITextAnalyzer, InProcessTextAnalyzer>();
        return services;
    }
}
