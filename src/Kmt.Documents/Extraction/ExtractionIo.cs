using System.Text;
using Kmt.Core.Documents;

namespace Kmt.Documents.Extraction;

/// <summary>Reading helpers shared by the extractors: bounded copies, BOM-aware decoding.</summary>
internal static class ExtractionIo
{
    static ExtractionIo()
    {
        // Legacy code pages (windows-1252, iso-8859-x, shift_jis...) for HTML that declares them.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>
    /// Copies the stream into memory, rejecting the document past <paramref name="maxBytes"/>. A
    /// <see cref="MemoryStream"/> whose buffer is exposed is used as is.
    /// </summary>
    public static async Task<ReadOnlyMemory<byte>> ReadAllAsync(Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        if (content is MemoryStream ms && ms.TryGetBuffer(out var segment))
        {
            var slice = segment.AsMemory((int)ms.Position);
            if (slice.Length > maxBytes)
            {
                throw TooLarge(maxBytes);
            }

            return slice;
        }

        var capacity = content.CanSeek ? (int)Math.Min(Math.Max(0, content.Length - content.Position), maxBytes) : 81920;
        using var copy = new MemoryStream(capacity);
        var buffer = new byte[81920];
        while (true)
        {
            var n = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            if (copy.Length + n > maxBytes)
            {
                throw TooLarge(maxBytes);
            }

            copy.Write(buffer, 0, n);
        }

        return copy.GetBuffer().AsMemory(0, (int)copy.Length);
    }

    public static DocumentRejectedException TooLarge(long maxBytes) =>
        new($"The file is larger than {maxBytes / (1024 * 1024):N0} MB, the most this kind of document can be processed with.");

    /// <summary>The encoding announced by a byte order mark, and the BOM's length; null without one.</summary>
    public static (Encoding Encoding, int BomLength)? DetectBom(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (new UTF8Encoding(false), 3);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (new UnicodeEncoding(bigEndian: false, byteOrderMark: false), 2);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (new UnicodeEncoding(bigEndian: true, byteOrderMark: false), 2);
        }

        return null;
    }

    /// <summary>Decodes with BOM detection (UTF-8, UTF-16LE/BE); without a BOM, UTF-8 (invalid bytes become U+FFFD).</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, Encoding? fallback = null)
    {
        if (DetectBom(bytes) is { } bom)
        {
            return bom.Encoding.GetString(bytes[bom.BomLength..]);
        }

        return (fallback ?? Encoding.UTF8).GetString(bytes);
    }

    /// <summary>
    /// A reader over a text stream that honours a BOM (UTF-8, UTF-16LE/BE) and otherwise reads UTF-8,
    /// so large plain-text files are decoded chunk by chunk instead of all at once.
    /// </summary>
    public static StreamReader OpenTextReader(Stream content) =>
        new(content, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);

    /// <summary>Reads a whole text stream, rejecting it beyond <paramref name="maxChars"/> raw characters.</summary>
    public static async Task<string> ReadTextAsync(Stream content, long maxChars, CancellationToken cancellationToken)
    {
        using var reader = OpenTextReader(content);
        var text = new StringBuilder();
        var buffer = new char[32 * 1024];
        while (true)
        {
            var n = await reader.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            if (text.Length + n > maxChars)
            {
                throw new DocumentRejectedException(
                    $"The document has more than {maxChars:N0} characters; the limit is {maxChars:N0}.");
            }

            text.Append(buffer, 0, n);
        }

        return text.ToString();
    }
}
