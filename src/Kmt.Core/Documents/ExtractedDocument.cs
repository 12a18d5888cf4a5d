namespace Kmt.Core.Documents;

/// <summary>
/// What an extractor found in a document: its visible text (paragraphs separated by blank lines)
/// and whatever metadata the format carries. Missing metadata stays null; the ingestion pipeline
/// falls back (first heading, file name) where it needs a value.
/// </summary>
public sealed record ExtractedDocument
{
    public required string Text { get; init; }

    /// <summary>From document properties (PDF info, DOCX core properties, HTML &lt;title&gt;), if any.</summary>
    public string? Title { get; init; }

    public string? Author { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>PDF pages; DOCX and others: null.</summary>
    public int? PageCount { get; init; }

    /// <summary>Headings in document order (Markdown #, HTML h1-h6, DOCX Heading styles).</summary>
    public IReadOnlyList<string> Headings { get; init; } = [];
}

/// <summary>Bounds that keep one hostile document from exhausting the worker.</summary>
public sealed record ExtractionLimits
{
    /// <summary>PDFs with more pages are rejected.</summary>
    public int MaxPages { get; init; } = 2_000;

    /// <summary>Extraction stops (document rejected) beyond this many characters of text.</summary>
    public int MaxTextCharacters { get; init; } = 5_000_000;

    /// <summary>DOCX: total uncompressed bytes of the parts read; guards against zip bombs.</summary>
    public long MaxUncompressedBytes { get; init; } = 200L * 1024 * 1024;

    /// <summary>DOCX: largest allowed uncompressed/compressed ratio of any part.</summary>
    public int MaxCompressionRatio { get; init; } = 100;
}

/// <summary>
/// Reads one format. Implementations throw <see cref="DocumentRejectedException"/> for documents
/// that can never be read (corrupt, encrypted, over a limit); any other exception is treated as
/// transient and retried.
/// </summary>
public interface IDocumentExtractor
{
    DocumentFormat Format { get; }

    Task<ExtractedDocument> ExtractAsync(Stream content, ExtractionLimits limits, CancellationToken cancellationToken);
}

/// <summary>A document that cannot be ingested, with a reason a person can act on ("The PDF is password-protected...").</summary>
public sealed class DocumentRejectedException(string reason, Exception? inner = null) : Exception(reason, inner)
{
    public string Reason => Message;
}
