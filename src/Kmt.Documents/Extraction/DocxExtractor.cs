using System.IO.Compression;
using System.IO.Packaging;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;
using Kmt.Core.Documents;

namespace Kmt.Documents.Extraction;

// Inside the namespace so it wins over the DocumentFormat.OpenXml root namespace.
using DocumentFormat = Kmt.Core.Documents.DocumentFormat;

/// <summary>
/// Word (.docx) documents. Before OpenXml touches the package, the ZIP is inspected with
/// System.IO.Compression (entry count, sum of declared uncompressed sizes, per-entry compression ratio)
/// so a zip bomb is rejected without inflating it. Declared sizes are not trusted on their own: every
/// part this extractor reads (the main document, styles, and the small parts OpenXml reads when it
/// opens a package) is read through a stream capped by a shared byte budget
/// (<see cref="ExtractionLimits.MaxUncompressedBytes"/>).
/// Text: body paragraphs in order (runs, tabs, breaks; deleted text and field codes skipped), table rows
/// as "cell | cell" lines, text boxes; headings from paragraph styles whose id or name starts with
/// "Heading"/"Title" (style names are locale-independent, ids are not) or an outline level.
/// Metadata: core properties Title/Creator/Created.
/// </summary>
public sealed class DocxExtractor : IDocumentExtractor
{
    public const int MaxZipEntries = 10_000;

    internal const string Damaged =
        "The file looks like a Word document but is damaged or incomplete; open it in Word, save it again, and upload that copy.";

    internal const string NotWord = "The file is a ZIP archive but not a Word (.docx) document.";

    private const string W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    private const string Mc = "http://schemas.openxmlformats.org/markup-compatibility/2006";

    public DocumentFormat Format => DocumentFormat.Docx;

    public async Task<ExtractedDocument> ExtractAsync(Stream content, ExtractionLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(limits);

        // The compressed file can never be larger than what it unpacks to.
        var bytes = await ExtractionIo.ReadAllAsync(content, limits.MaxUncompressedBytes, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        var budget = new ByteBudget(limits.MaxUncompressedBytes);
        using var package = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(bytes, out var segment) && segment.Array is not null
            ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);
        InspectZip(package, limits, budget, cancellationToken);
        package.Position = 0;

        WordprocessingDocument document;
        try
        {
            document = WordprocessingDocument.Open(package, false, new OpenSettings { AutoSave = false });
        }
        catch (Exception ex) when (IsFormatFailure(ex))
        {
            throw new DocumentRejectedException(Damaged, ex);
        }

        using (document)
        {
            try
            {
                return Read(document, limits, budget, cancellationToken);
            }
            catch (Exception ex) when (IsFormatFailure(ex))
            {
                throw new DocumentRejectedException(Damaged, ex);
            }
        }
    }

    /// <summary>
    /// Zip-bomb guard on the central directory, then an actual (capped) read of the small parts the
    /// packaging layer reads on open, so their real sizes are known before OpenXml sees them.
    /// </summary>
    private static void InspectZip(Stream package, ExtractionLimits limits, ByteBudget budget, CancellationToken cancellationToken)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(package, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException ex)
        {
            throw new DocumentRejectedException(Damaged, ex);
        }

        using (zip)
        {
            IReadOnlyList<ZipArchiveEntry> entries;
            try
            {
                entries = zip.Entries;
            }
            catch (InvalidDataException ex)
            {
                throw new DocumentRejectedException(Damaged, ex);
            }

            if (entries.Count > MaxZipEntries)
            {
                throw new DocumentRejectedException(
                    $"The Word document holds {entries.Count:N0} parts; the limit is {MaxZipEntries:N0}. It was not opened.");
            }

            long declaredTotal = 0;
            var hasMainPart = false;
            foreach (var entry in entries)
            {
                declaredTotal += entry.Length;
                if (declaredTotal > limits.MaxUncompressedBytes)
                {
                    throw Bomb(limits);
                }

                // Tiny parts can legitimately compress very well; a ratio only means something at size.
                if (entry.Length > 64 * 1024 && entry.Length > (long)limits.MaxCompressionRatio * Math.Max(1, entry.CompressedLength))
                {
                    throw new DocumentRejectedException(
                        $"A part of the Word document ({entry.FullName}) expands {entry.Length / Math.Max(1, entry.CompressedLength):N0} times; "
                        + $"the limit is {limits.MaxCompressionRatio:N0}. The file looks like a zip bomb and was not opened.");
                }

                hasMainPart |= string.Equals(entry.FullName.TrimStart('/'), "word/document.xml", StringComparison.OrdinalIgnoreCase);
            }

            if (!hasMainPart)
            {
                throw new DocumentRejectedException(NotWord);
            }

            foreach (var entry in entries)
            {
                var name = entry.FullName;
                if (name.EndsWith(".rels", StringComparison.OrdinalIgnoreCase)
                    || name.Equals("[Content_Types].xml", StringComparison.OrdinalIgnoreCase)
                    || name.StartsWith("docProps/", StringComparison.OrdinalIgnoreCase))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    try
                    {
                        using var stream = new CappedStream(entry.Open(), budget, limits);
                        stream.CopyTo(Stream.Null);
                    }
                    catch (InvalidDataException ex)
                    {
                        throw new DocumentRejectedException(Damaged, ex);
                    }
                }
            }
        }
    }

    private static DocumentRejectedException Bomb(ExtractionLimits limits) =>
        new($"The Word document unpacks to more than {limits.MaxUncompressedBytes / (1024 * 1024):N0} MB; "
            + "it looks like a zip bomb and was not opened.");

    private static ExtractedDocument Read(WordprocessingDocument document, ExtractionLimits limits, ByteBudget budget, CancellationToken cancellationToken)
    {
        var main = document.MainDocumentPart ?? throw new DocumentRejectedException(Damaged);

        var headingStyles = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (main.StyleDefinitionsPart is { } styles)
        {
            using var stylesStream = new CappedStream(styles.GetStream(FileMode.Open, FileAccess.Read), budget, limits);
            ReadHeadingStyles(stylesStream, headingStyles, cancellationToken);
        }

        var text = new TextBuilder(limits.MaxTextCharacters);
        var headings = new List<string>();
        string? titleParagraph;
        using (var body = new CappedStream(main.GetStream(FileMode.Open, FileAccess.Read), budget, limits))
        {
            titleParagraph = ReadBody(body, headingStyles, text, headings, cancellationToken);
        }

        var properties = document.PackageProperties;
        DateTimeOffset? created = properties.Created is { } c
            ? new DateTimeOffset(DateTime.SpecifyKind(c, c.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : c.Kind)).ToUniversalTime()
            : null;

        return new ExtractedDocument
        {
            Text = text.ToString(),
            Title = NullIfEmpty(properties.Title) ?? titleParagraph,
            Author = NullIfEmpty(properties.Creator),
            CreatedAt = created,
            Headings = headings,
        };
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static XmlReader CreateReader(Stream stream) => XmlReader.Create(stream, new XmlReaderSettings
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = false,
    });

    /// <summary>Style ids whose id or (locale-independent) name marks a heading or title, or that carry an outline level.</summary>
    private static void ReadHeadingStyles(Stream stream, HashSet<string> headingStyles, CancellationToken cancellationToken)
    {
        using var reader = CreateReader(stream);
        string? styleId = null;
        var nodes = 0;
        while (reader.Read())
        {
            if (++nodes % 4096 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (reader.NodeType != XmlNodeType.Element || reader.NamespaceURI != W)
            {
                continue;
            }

            switch (reader.LocalName)
            {
                case "style":
                    styleId = reader.GetAttribute("styleId", W);
                    if (styleId is not null && IsHeadingName(styleId))
                    {
                        headingStyles.Add(styleId);
                    }

                    break;
                case "name" when styleId is not null:
                    if (reader.GetAttribute("val", W) is { } name && IsHeadingName(name))
                    {
                        headingStyles.Add(styleId);
                    }

                    break;
                case "outlineLvl" when styleId is not null:
                    if (int.TryParse(reader.GetAttribute("val", W), out var level) && level is >= 0 and <= 5)
                    {
                        headingStyles.Add(styleId);
                    }

                    break;
            }
        }
    }

    private static bool IsHeadingName(string name) =>
        name.StartsWith("heading", StringComparison.OrdinalIgnoreCase) || name.StartsWith("title", StringComparison.OrdinalIgnoreCase);

    private sealed class Paragraph
    {
        public StringBuilder Text { get; } = new();
        public string? StyleId { get; set; }
        public bool HasOutline { get; set; }
    }

    /// <returns>The text of the first paragraph styled "Title", a fallback for a missing core title.</returns>
    private static string? ReadBody(Stream stream, HashSet<string> headingStyles, TextBuilder text, List<string> headings, CancellationToken cancellationToken)
    {
        using var reader = CreateReader(stream);
        var paragraphs = new Stack<Paragraph>();
        var cells = new Stack<StringBuilder>();
        var rows = new Stack<List<string>>();
        string? title = null;
        var inText = false;
        var nodes = 0;

        void EndParagraph()
        {
            var paragraph = paragraphs.Pop();
            var value = paragraph.Text.ToString();
            if (paragraphs.Count > 0)
            {
                // A text box inside a paragraph: its text joins the enclosing paragraph.
                paragraphs.Peek().Text.Append(' ').Append(value);
                return;
            }

            if (cells.Count > 0)
            {
                cells.Peek().Append(value).Append(' ');
                return;
            }

            var isHeading = paragraph.HasOutline || (paragraph.StyleId is { } id && (headingStyles.Contains(id) || IsHeadingName(id)));
            text.ParagraphBreak();
            text.Append(value, keepLineBreaks: true);
            text.ParagraphBreak();
            if (isHeading)
            {
                var heading = Normalize(value);
                if (heading.Length > 0)
                {
                    headings.Add(heading);
                    if (title is null && paragraph.StyleId is { } sid && sid.StartsWith("Title", StringComparison.OrdinalIgnoreCase))
                    {
                        title = heading;
                    }
                }
            }
        }

        while (reader.Read())
        {
            if (++nodes % 4096 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            switch (reader.NodeType)
            {
                case XmlNodeType.Element when reader.NamespaceURI == Mc && reader.LocalName == "Fallback":
                    reader.Skip(); // the Choice branch already holds the same content
                    continue;

                case XmlNodeType.Element when reader.NamespaceURI == W:
                {
                    var empty = reader.IsEmptyElement;
                    switch (reader.LocalName)
                    {
                        case "p":
                            paragraphs.Push(new Paragraph());
                            if (empty)
                            {
                                EndParagraph();
                            }

                            break;
                        case "pStyle" when paragraphs.Count > 0:
                            paragraphs.Peek().StyleId = reader.GetAttribute("val", W);
                            break;
                        case "outlineLvl" when paragraphs.Count > 0:
                            if (int.TryParse(reader.GetAttribute("val", W), out var level) && level is >= 0 and <= 5)
                            {
                                paragraphs.Peek().HasOutline = true;
                            }

                            break;
                        case "t":
                            inText = !empty;
                            break;
                        case "tab" when paragraphs.Count > 0 && !InProperties(reader):
                            paragraphs.Peek().Text.Append(' ');
                            break;
                        case "br" or "cr" when paragraphs.Count > 0:
                            paragraphs.Peek().Text.Append('\n');
                            break;
                        case "noBreakHyphen" when paragraphs.Count > 0:
                            paragraphs.Peek().Text.Append('-');
                            break;
                        case "tbl":
                            if (cells.Count == 0)
                            {
                                text.ParagraphBreak();
                            }

                            break;
                        case "tr" when !empty:
                            rows.Push([]);
                            break;
                        case "tc" when !empty:
                            cells.Push(new StringBuilder());
                            break;
                    }

                    break;
                }

                case XmlNodeType.EndElement when reader.NamespaceURI == W:
                    switch (reader.LocalName)
                    {
                        case "p" when paragraphs.Count > 0:
                            EndParagraph();
                            break;
                        case "t":
                            inText = false;
                            break;
                        case "tc" when cells.Count > 0:
                        {
                            var cell = Normalize(cells.Pop().ToString());
                            if (rows.Count > 0)
                            {
                                rows.Peek().Add(cell);
                            }

                            break;
                        }

                        case "tr" when rows.Count > 0:
                        {
                            var row = string.Join(" | ", rows.Pop().Where(c => c.Length > 0));
                            if (cells.Count > 0)
                            {
                                cells.Peek().Append(row).Append(' '); // nested table
                            }
                            else if (row.Length > 0)
                            {
                                text.LineBreak();
                                text.Append(row);
                                text.LineBreak();
                            }

                            break;
                        }

                        case "tbl" when cells.Count == 0:
                            text.ParagraphBreak();
                            break;
                    }

                    break;

                case XmlNodeType.Text or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace or XmlNodeType.CDATA
                    when inText && paragraphs.Count > 0:
                    paragraphs.Peek().Text.Append(reader.Value);
                    if (paragraphs.Peek().Text.Length > 4 * 1024 * 1024)
                    {
                        // One gigantic paragraph: hand it over in pieces so the text limit applies early.
                        text.Append(paragraphs.Peek().Text.ToString(), keepLineBreaks: true);
                        paragraphs.Peek().Text.Clear();
                    }

                    break;
            }
        }

        return title;
    }

    /// <summary>w:tab also appears inside w:tabs (tab stop definitions in paragraph properties).</summary>
    private static bool InProperties(XmlReader reader) => reader.Depth > 0 && reader.GetAttribute("pos", W) is not null;

    private static string Normalize(string value)
    {
        var builder = new TextBuilder(int.MaxValue);
        builder.Append(value);
        return builder.ToString();
    }

    private static bool IsFormatFailure(Exception ex) => ex is OpenXmlPackageException or InvalidDataException or XmlException
        or FileFormatException or InvalidOperationException or NotSupportedException or ArgumentException or IOException
        && ex is not DocumentRejectedException;

    /// <summary>Bytes still allowed to be inflated, shared by every part read from one package.</summary>
    private sealed class ByteBudget(long limit)
    {
        public long Limit { get; } = limit;
        public long Remaining { get; set; } = limit;
    }

    /// <summary>Counts what is actually inflated; rejects the document once the budget is spent.</summary>
    private sealed class CappedStream(Stream inner, ByteBudget budget, ExtractionLimits limits) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            budget.Remaining -= n;
            if (budget.Remaining < 0)
            {
                throw Bomb(limits);
            }

            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
