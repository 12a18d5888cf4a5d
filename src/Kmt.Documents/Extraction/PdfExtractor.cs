using Kmt.Core.Documents;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;
using UglyToad.PdfPig.Exceptions;

namespace Kmt.Documents.Extraction;

// Inside the namespace so it wins over the DocumentFormat.OpenXml root namespace.
using DocumentFormat = Kmt.Core.Documents.DocumentFormat;

/// <summary>
/// PDF through PdfPig: each page's text in content order (ContentOrderTextExtractor), pages separated
/// by blank lines; Information dictionary Title/Author/CreationDate; page count.
/// Rejected (<see cref="DocumentRejectedException"/>): password-protected, damaged or truncated (no
/// "%%EOF" marker near the end, or PdfPig cannot parse it), more pages than
/// <see cref="ExtractionLimits.MaxPages"/>, more text than <see cref="ExtractionLimits.MaxTextCharacters"/>,
/// streams that unpack to more than <see cref="ExtractionLimits.MaxUncompressedBytes"/> (<see cref="PdfStreamBudget"/>),
/// and no extractable text at all (a scan without a text layer: OCR is not attempted).
/// </summary>
public sealed class PdfExtractor : IDocumentExtractor
{
    internal const string PasswordProtected = "The PDF is password-protected; upload a copy without a password.";

    internal const string Damaged =
        "The file looks like a PDF but is damaged or incomplete; open it in a PDF viewer, save or export it again, and upload that copy.";

    internal const string NoText =
        "The PDF contains no text that can be extracted (it is probably a scanned image); upload a version with a text layer (run OCR first).";

    private static ReadOnlySpan<byte> EofMarker => "%%EOF"u8;

    public DocumentFormat Format => DocumentFormat.Pdf;

    public async Task<ExtractedDocument> ExtractAsync(Stream content, ExtractionLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(limits);

        // PdfPig needs random access; the bytes are held once in memory (blob size is bounded upstream).
        var bytes = await ExtractionIo.ReadAllAsync(content, long.MaxValue, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        // A file cut short (an interrupted upload, a truncated copy) has no end-of-file marker. PdfPig's
        // lenient parser would otherwise recover some pages and silently ingest a partial document.
        var tail = bytes.Span[Math.Max(0, bytes.Length - 2048)..];
        if (tail.IndexOf(EofMarker) < 0)
        {
            throw new DocumentRejectedException(Damaged);
        }

        PdfStreamBudget.Check(bytes, limits.MaxUncompressedBytes, cancellationToken);
        return Extract(bytes, limits, cancellationToken);
    }

    private static ExtractedDocument Extract(ReadOnlyMemory<byte> bytes, ExtractionLimits limits, CancellationToken cancellationToken)
    {
        PdfDocument document;
        try
        {
            document = PdfDocument.Open(bytes, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
        }
        catch (PdfDocumentEncryptedException ex)
        {
            throw new DocumentRejectedException(PasswordProtected, ex);
        }
        catch (Exception ex) when (IsParseFailure(ex))
        {
            throw new DocumentRejectedException(Damaged, ex);
        }

        using (document)
        {
            try
            {
                return Read(document, limits, cancellationToken);
            }
            catch (PdfDocumentEncryptedException ex)
            {
                throw new DocumentRejectedException(PasswordProtected, ex);
            }
            catch (Exception ex) when (IsParseFailure(ex))
            {
                // Encrypted documents PdfPig could open but not decrypt fail while reading content.
                throw new DocumentRejectedException(document.IsEncrypted ? PasswordProtected : Damaged, ex);
            }
        }
    }

    private static ExtractedDocument Read(PdfDocument document, ExtractionLimits limits, CancellationToken cancellationToken)
    {
        var pageCount = document.NumberOfPages;
        if (pageCount > limits.MaxPages)
        {
            throw new DocumentRejectedException($"The PDF has {pageCount:N0} pages; the limit is {limits.MaxPages:N0}.");
        }

        var text = new TextBuilder(limits.MaxTextCharacters);
        var options = new ContentOrderTextExtractor.Options { SeparateParagraphsWithDoubleNewline = true, ReplaceWhitespaceWithSpace = true };
        for (var number = 1; number <= pageCount; number++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = document.GetPage(number);
            var pageText = ContentOrderTextExtractor.GetText(page, options);
            text.ParagraphBreak();
            text.Append(pageText, keepLineBreaks: true);
        }

        var extracted = text.ToString();
        if (!HasReadableText(extracted))
        {
            throw new DocumentRejectedException(NoText);
        }

        var info = document.Information;
        DateTimeOffset? created = null;
        try
        {
            created = info.GetCreatedDateTimeOffset();
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            // A malformed date string is not worth rejecting the document for.
        }

        return new ExtractedDocument
        {
            Text = extracted,
            Title = Clean(info.Title),
            Author = Clean(info.Author),
            CreatedAt = created,
            PageCount = pageCount,
        };
    }

    private static bool HasReadableText(string text)
    {
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                return true;
            }
        }

        return false;
    }

    private static string? Clean(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var builder = new TextBuilder(int.MaxValue);
        builder.Append(value);
        var cleaned = builder.ToString();
        return cleaned.Length == 0 ? null : cleaned;
    }

    /// <summary>
    /// PdfPig reports malformed input with a range of exception types; none of them is transient, so all
    /// become a rejection. Cancellation and out-of-memory are not parse failures.
    /// </summary>
    private static bool IsParseFailure(Exception ex) => ex is not (OperationCanceledException or OutOfMemoryException or DocumentRejectedException);
}
