using Kmt.Core.Documents;

namespace Kmt.Documents.Extraction;

// Inside the namespace so it wins over the DocumentFormat.OpenXml root namespace.
using DocumentFormat = Kmt.Core.Documents.DocumentFormat;

/// <summary>
/// Plain text: decoded with BOM detection (UTF-8, UTF-16LE/BE; UTF-8 without a BOM), newlines
/// normalised, blank lines kept as paragraph breaks. Streams chunk by chunk; no title.
/// </summary>
public sealed class PlainTextExtractor : IDocumentExtractor
{
    public DocumentFormat Format => DocumentFormat.PlainText;

    public async Task<ExtractedDocument> ExtractAsync(Stream content, ExtractionLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(limits);

        var text = new TextBuilder(limits.MaxTextCharacters);
        using var reader = ExtractionIo.OpenTextReader(content);
        var buffer = new char[32 * 1024];
        var carry = false; // a high surrogate held back because its pair is in the next chunk
        while (true)
        {
            var start = carry ? 1 : 0;
            var n = await reader.ReadAsync(buffer.AsMemory(start), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            var total = start + n;
            carry = char.IsHighSurrogate(buffer[total - 1]);
            text.Append(buffer.AsSpan(0, carry ? total - 1 : total), keepLineBreaks: true);
            if (carry)
            {
                buffer[0] = buffer[total - 1];
            }
        }

        return new ExtractedDocument { Text = text.ToString() };
    }
}
