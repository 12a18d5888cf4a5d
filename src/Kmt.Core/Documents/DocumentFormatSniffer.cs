using System.Buffers;
using System.IO.Compression;
using System.Text;

namespace Kmt.Core.Documents;

/// <summary>
/// Recognises a document's format from its BYTES only; the file name and the declared content type
/// are never consulted (both are under the uploader's control).
/// </summary>
/// <remarks>
/// Order of checks: PDF header ("%PDF-" within the first 1 KB, as real readers allow leading junk),
/// ZIP containing word/document.xml (DOCX), then text: the bytes must decode as UTF-8 (or UTF-16 with a
/// BOM) without NULs or binary control characters; text is HTML when it starts like an HTML document
/// or carries typical tags early, Markdown when a small score of Markdown structure passes a threshold,
/// and plain text otherwise. Anything else (images, executables, OLE files such as encrypted Office
/// documents, random bytes) is null: not ingestible.
/// </remarks>
public static class DocumentFormatSniffer
{
    /// <summary>How many leading bytes the span overload looks at for text classification.</summary>
    public const int HeadLength = 64 * 1024;

    private const int PdfHeaderWindow = 1024;
    private static ReadOnlySpan<byte> PdfMagic => "%PDF-"u8;
    private static ReadOnlySpan<byte> ZipMagic => [0x50, 0x4B, 0x03, 0x04];
    private static ReadOnlySpan<byte> DocxMainPartName => "word/document.xml"u8;

    /// <summary>
    /// Detects the format from the first bytes of a file (pass at least the first few KB; <see cref="HeadLength"/>
    /// is plenty). For ZIPs, a complete file in <paramref name="head"/> is opened and its central directory
    /// checked; a partial head is accepted as DOCX only when a local header for word/document.xml is
    /// within it. Prefer <see cref="Detect(Stream)"/> when the whole file is at hand.
    /// </summary>
    public static DocumentFormat? Detect(ReadOnlySpan<byte> head)
    {
        if (head.IsEmpty)
        {
            return null;
        }

        if (IsPdf(head))
        {
            return DocumentFormat.Pdf;
        }

        if (head.StartsWith(ZipMagic))
        {
            using var copy = new MemoryStream(head.ToArray(), writable: false);
            var inArchive = ZipContainsDocxMainPart(copy);
            return inArchive switch
            {
                true => DocumentFormat.Docx,
                false => null,
                // Not a complete archive (only a head): fall back to the local file headers we can see.
                null => head.IndexOf(DocxMainPartName) >= 0 ? DocumentFormat.Docx : null,
            };
        }

        return DetectText(head.Length > HeadLength ? head[..HeadLength] : head);
    }

    /// <summary>
    /// Detects the format of a whole seekable stream: reads its head, and for ZIPs checks the central
    /// directory for word/document.xml with <see cref="ZipArchive"/> (read mode, nothing extracted).
    /// The stream's position is restored.
    /// </summary>
    public static DocumentFormat? Detect(Stream seekableStream)
    {
        ArgumentNullException.ThrowIfNull(seekableStream);
        if (!seekableStream.CanSeek || !seekableStream.CanRead)
        {
            throw new ArgumentException("The stream must be readable and seekable.", nameof(seekableStream));
        }

        var start = seekableStream.Position;
        var buffer = ArrayPool<byte>.Shared.Rent(HeadLength);
        try
        {
            var read = 0;
            while (read < HeadLength)
            {
                var n = seekableStream.Read(buffer, read, HeadLength - read);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            var head = buffer.AsSpan(0, read);
            if (head.StartsWith(ZipMagic) && !IsPdf(head))
            {
                seekableStream.Position = start;
                // Zip offsets count from the archive's first byte: a stream positioned past 0 is copied.
                // ZipContainsDocxMainPart opens the archive with leaveOpen, so the caller's stream survives.
                if (start == 0)
                {
                    return ZipContainsDocxMainPart(seekableStream) == true ? DocumentFormat.Docx : null;
                }

                using var rest = new MemoryStream(ReadRest(seekableStream), writable: false);
                return ZipContainsDocxMainPart(rest) == true ? DocumentFormat.Docx : null;
            }

            return Detect(head);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            seekableStream.Position = start;
        }
    }

    private static byte[] ReadRest(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static bool IsPdf(ReadOnlySpan<byte> head)
    {
        var window = head.Length > PdfHeaderWindow + PdfMagic.Length ? head[..(PdfHeaderWindow + PdfMagic.Length)] : head;
        return window.IndexOf(PdfMagic) is >= 0 and <= PdfHeaderWindow;
    }

    /// <returns>true/false when the central directory could be read; null when it is not a readable archive.</returns>
    private static bool? ZipContainsDocxMainPart(Stream stream)
    {
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            foreach (var entry in zip.Entries)
            {
                // OPC part names are case-insensitive.
                if (string.Equals(entry.FullName.TrimStart('/'), "word/document.xml", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }
        catch (InvalidDataException)
        {
            return null;
        }
        catch (Exception ex) when (ex is NotSupportedException or IOException or ArgumentException)
        {
            return null;
        }
    }

    // ---------------------------------------------------------------- text

    private static DocumentFormat? DetectText(ReadOnlySpan<byte> head)
    {
        var text = DecodeText(head);
        if (text is null)
        {
            return null;
        }

        if (LooksLikeHtml(text, out var htmlTagCount))
        {
            return DocumentFormat.Html;
        }

        var markdownScore = MarkdownScore(text);
        if (htmlTagCount >= 2 && markdownScore < MarkdownThreshold)
        {
            return DocumentFormat.Html;
        }

        return markdownScore >= MarkdownThreshold ? DocumentFormat.Markdown : DocumentFormat.PlainText;
    }

    /// <summary>Decodes text bytes, or returns null when the bytes are binary (NULs, control characters, invalid UTF-8).</summary>
    internal static string? DecodeText(ReadOnlySpan<byte> bytes)
    {
        string decoded;
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            var bigEndian = bytes[0] == 0xFE;
            var body = bytes[2..];
            body = body[..(body.Length & ~1)]; // a head may cut a code unit in half
            if (body.IsEmpty)
            {
                return null;
            }

            decoded = (bigEndian ? Encoding.BigEndianUnicode : Encoding.Unicode).GetString(body);
        }
        else
        {
            if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                bytes = bytes[3..];
            }

            if (bytes.IsEmpty)
            {
                return null;
            }

            // Strict UTF-8, tolerating a sequence cut by the end of the head.
            var status = System.Text.Unicode.Utf8.ToUtf16(bytes, new char[bytes.Length], out var consumed, out _, replaceInvalidSequences: false, isFinalBlock: false);
            if (status == OperationStatus.InvalidData)
            {
                return null;
            }

            if (status == OperationStatus.NeedMoreData && bytes.Length - consumed > 3)
            {
                return null;
            }

            decoded = Encoding.UTF8.GetString(bytes[..consumed]);
        }

        var controls = 0;
        var letters = 0;
        foreach (var c in decoded)
        {
            if (c == '\0')
            {
                return null;
            }

            if (char.IsControl(c) && c is not ('\n' or '\r' or '\t' or '\f' or '\v'))
            {
                controls++;
            }
            else if (!char.IsWhiteSpace(c))
            {
                letters++;
            }
        }

        // A stray control character (0x1A at the end of old DOS files, ESC in logs) is tolerated; binary is not.
        if (controls > 0 && controls * 200 > decoded.Length)
        {
            return null;
        }

        return letters == 0 ? null : decoded;
    }

    private static readonly string[] HtmlStarts = ["<!doctype html", "<html", "<head", "<body"];

    private static readonly string[] HtmlTypicalTags =
    [
        "<p>", "<p ", "<div", "<span", "<h1", "<h2", "<h3", "<h4", "<h5", "<h6", "<br", "<table", "<ul>", "<ol>",
        "<li>", "<a href", "<title>", "<meta ", "<section", "<article", "<script", "<style", "<img ",
    ];

    private static bool LooksLikeHtml(string text, out int typicalTagCount)
    {
        typicalTagCount = 0;
        var i = 0;
        // Skip whitespace, comments and an XML declaration (XHTML) before the first tag.
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (string.CompareOrdinal(text, i, "<!--", 0, 4) == 0)
            {
                var end = text.IndexOf("-->", i + 4, StringComparison.Ordinal);
                if (end < 0)
                {
                    break;
                }

                i = end + 3;
                continue;
            }

            if (string.CompareOrdinal(text, i, "<?xml", 0, 5) == 0)
            {
                var end = text.IndexOf("?>", i, StringComparison.Ordinal);
                if (end < 0)
                {
                    break;
                }

                i = end + 2;
                continue;
            }

            break;
        }

        foreach (var start in HtmlStarts)
        {
            if (i + start.Length <= text.Length && text.AsSpan(i, start.Length).Equals(start, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        var early = text.AsSpan(0, Math.Min(text.Length, 1024));
        foreach (var tag in HtmlTypicalTags)
        {
            if (early.Contains(tag, StringComparison.OrdinalIgnoreCase))
            {
                typicalTagCount++;
            }
        }

        // A fragment that opens with a typical block tag ("<p>Hello</p>", "<div class=...>") is HTML.
        if (typicalTagCount >= 1 && i < text.Length && text[i] == '<')
        {
            var rest = text.AsSpan(i);
            foreach (var tag in HtmlTypicalTags)
            {
                if (rest.StartsWith(tag, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    internal const int MarkdownThreshold = 3;

    /// <summary>
    /// A small score of Markdown structure: strong signals (ATX heading, setext underline, fenced code,
    /// inline link) weigh 3, list items / block quotes / emphasis / code spans / table rows weigh 1.
    /// Three points make Markdown; plain prose rarely scores at all.
    /// </summary>
    internal static int MarkdownScore(string text)
    {
        var score = 0;
        var listItems = 0;
        var weak = 0;
        string? previous = null;
        var lineCount = 0;
        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            if (++lineCount > 400)
            {
                break;
            }

            var line = rawLine.TrimEnd();
            var trimmed = line.TrimStart();
            if (IsAtxHeading(trimmed))
            {
                score += 3;
            }
            else if (trimmed.StartsWith("```") || trimmed.StartsWith("~~~"))
            {
                score += 3;
            }
            else if (previous is { Length: > 0 } && trimmed.Length >= 3 && line.Length == trimmed.Length
                     && (IsAll(trimmed, '=') || IsAll(trimmed, '-')) && !IsListItem(previous.AsSpan().TrimStart()))
            {
                score += 3; // setext underline under a non-empty line
            }
            else if (IsListItem(trimmed))
            {
                listItems++;
            }
            else if (trimmed.StartsWith("> "))
            {
                weak++;
            }
            else if (trimmed.Length > 2 && trimmed[0] == '|' && trimmed[^1] == '|')
            {
                weak++;
            }

            weak += CountInlineSignals(line, ref score);
            previous = line.ToString();
        }

        score += Math.Min(listItems, 3) + Math.Min(weak, 3);
        return score;
    }

    private static bool IsAtxHeading(ReadOnlySpan<char> line)
    {
        var hashes = 0;
        while (hashes < line.Length && line[hashes] == '#')
        {
            hashes++;
        }

        return hashes is >= 1 and <= 6 && hashes < line.Length && line[hashes] == ' '
               && line[(hashes + 1)..].Trim().Length > 0;
    }

    private static bool IsListItem(ReadOnlySpan<char> line)
    {
        if (line.Length >= 3 && line[0] is '-' or '*' or '+' && line[1] == ' ' && !char.IsWhiteSpace(line[2]))
        {
            return true;
        }

        var digits = 0;
        while (digits < line.Length && digits < 9 && char.IsAsciiDigit(line[digits]))
        {
            digits++;
        }

        return digits > 0 && digits + 2 < line.Length && line[digits] is '.' or ')' && line[digits + 1] == ' '
               && !char.IsWhiteSpace(line[digits + 2]);
    }

    private static bool IsAll(ReadOnlySpan<char> s, char c)
    {
        foreach (var ch in s)
        {
            if (ch != c)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Links add 3 to <paramref name="score"/>; returns the count of weak signals (emphasis, code spans).</summary>
    private static int CountInlineSignals(ReadOnlySpan<char> line, ref int score)
    {
        var weak = 0;
        // [text](target)
        var open = line.IndexOf('[');
        while (open >= 0)
        {
            var close = line[open..].IndexOf("](");
            if (close > 1)
            {
                var after = line[(open + close + 2)..];
                var end = after.IndexOf(')');
                if (end > 0 && !after[..end].Contains(' '))
                {
                    score += 3;
                    break;
                }
            }

            var next = line[(open + 1)..].IndexOf('[');
            open = next < 0 ? -1 : open + 1 + next;
        }

        if (HasDelimitedSpan(line, "**") || HasDelimitedSpan(line, "__"))
        {
            weak++;
        }

        if (HasDelimitedSpan(line, "`"))
        {
            weak++;
        }

        return weak;
    }

    private static bool HasDelimitedSpan(ReadOnlySpan<char> line, string delimiter)
    {
        var first = line.IndexOf(delimiter, StringComparison.Ordinal);
        if (first < 0 || first + delimiter.Length >= line.Length || char.IsWhiteSpace(line[first + delimiter.Length]))
        {
            return false;
        }

        var rest = line[(first + delimiter.Length)..];
        var second = rest.IndexOf(delimiter, StringComparison.Ordinal);
        return second > 0 && !char.IsWhiteSpace(rest[second - 1]);
    }
}
