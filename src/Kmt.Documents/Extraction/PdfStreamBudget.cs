using System.IO.Compression;
using Kmt.Core.Documents;

namespace Kmt.Documents.Extraction;

/// <summary>
/// The PDF counterpart of the DOCX zip-bomb check: before PdfPig parses anything, every stream of the
/// file is inflated into nothing and the bytes are counted, so a small PDF whose Flate streams unpack to
/// gigabytes is rejected after at most <see cref="ExtractionLimits.MaxUncompressedBytes"/> bytes of work
/// instead of exhausting the instance's memory (docs/design/ingestion.md, "An upload, end to end").
/// </summary>
/// <remarks>
/// Streams are found by their keywords ("stream" … "endstream"); a stream that is not zlib/deflate data
/// (images, fonts in other filters) inflates to nothing and costs nothing. The scan is linear in the file
/// and bounded by the budget.
/// </remarks>
internal static class PdfStreamBudget
{
    private const int ChunkBytes = 64 * 1024;

    private static ReadOnlySpan<byte> StreamKeyword => "stream"u8;

    private static ReadOnlySpan<byte> EndStreamKeyword => "endstream"u8;

    /// <summary>Throws <see cref="DocumentRejectedException"/> when the streams unpack to more than <paramref name="maxBytes"/>.</summary>
    public static void Check(ReadOnlyMemory<byte> pdf, long maxBytes, CancellationToken cancellationToken)
    {
        var total = 0L;
        var buffer = new byte[ChunkBytes];
        var position = 0;
        while (true)
        {
            var found = pdf.Span[position..].IndexOf(StreamKeyword);
            if (found < 0)
            {
                return;
            }

            var keyword = position + found;
            position = keyword + StreamKeyword.Length;

            // "endstream" contains "stream": only a keyword not preceded by "end" opens a stream.
            if (keyword >= 3 && pdf.Span[(keyword - 3)..keyword].SequenceEqual("end"u8))
            {
                continue;
            }

            var start = position;
            if (start < pdf.Length && pdf.Span[start] == '\r')
            {
                start++;
            }

            if (start < pdf.Length && pdf.Span[start] == '\n')
            {
                start++;
            }

            var length = pdf.Span[start..].IndexOf(EndStreamKeyword);
            if (length < 0)
            {
                return;
            }

            cancellationToken.ThrowIfCancellationRequested();
            total += Inflated(pdf.Slice(start, length), buffer, maxBytes - total);
            if (total > maxBytes)
            {
                throw new DocumentRejectedException(
                    $"The PDF unpacks to more than {maxBytes / (1024 * 1024):N0} MB; it is refused as a safeguard (a compressed-data bomb or an unusually large file).");
            }

            position = start + length + EndStreamKeyword.Length;
        }
    }

    /// <summary>Bytes the data inflates to, counting at most one byte past <paramref name="remaining"/>; 0 when it is not deflate data.</summary>
    private static long Inflated(ReadOnlyMemory<byte> data, byte[] buffer, long remaining)
    {
        var count = 0L;
        try
        {
            using var input = new MemoryStream(data.ToArray(), writable: false);
            using var inflater = new ZLibStream(input, CompressionMode.Decompress);
            int read;
            while ((read = inflater.Read(buffer, 0, buffer.Length)) > 0)
            {
                count += read;
                if (count > remaining)
                {
                    break;
                }
            }
        }
        catch (InvalidDataException)
        {
            // Not zlib data, or damaged part-way: what inflated so far is counted.
        }

        return count;
    }
}
