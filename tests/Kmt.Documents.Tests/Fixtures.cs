using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Kmt.Documents.Tests;

/// <summary>Documents built in the tests: nothing is read from disk.</summary>
internal static class Fixtures
{
    public const string PageFivePhrase = "The violet heron nests beside the quiet reservoir";

    /// <summary>A PDF with the given pages, each a list of lines; optional title/author.</summary>
    public static byte[] Pdf(IReadOnlyList<IReadOnlyList<string>> pages, string? title = null, string? author = null)
    {
        var builder = new PdfDocumentBuilder();
        if (title is not null)
        {
            builder.DocumentInformation.Title = title;
        }

        if (author is not null)
        {
            builder.DocumentInformation.Author = author;
        }

        builder.DocumentInformation.CreationDate = "D:20240315103000Z";
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var lines in pages)
        {
            var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
            var y = 800.0;
            foreach (var line in lines)
            {
                if (line.Length > 0)
                {
                    page.AddText(line, 10, new PdfPoint(40, y), font);
                }

                y -= line.Length == 0 ? 10 : 14;
            }
        }

        return builder.Build();
    }

    /// <summary>Five pages of known sentences; page 5 carries <see cref="PageFivePhrase"/>.</summary>
    public static byte[] FivePagePdf()
    {
        var pages = new List<IReadOnlyList<string>>();
        for (var p = 1; p <= 5; p++)
        {
            var lines = new List<string>
            {
                $"Chapter {p}: Notes on knowledge gardens",
                "",
                $"Page {p} explains how spaced repetition keeps knowledge gardens healthy.",
                "Readers review their notes often, and each review strengthens memory.",
            };
            if (p == 5)
            {
                lines.Add(PageFivePhrase + ".");
            }

            pages.Add(lines);
        }

        return Pdf(pages, title: "Knowledge Gardens", author: "Ada Lovelace");
    }

    /// <summary>About 600 words per page of ordinary prose, for timing.</summary>
    public static byte[] FivePageProsePdf()
    {
        var pages = new List<IReadOnlyList<string>>();
        var sentences = ProseSentences();
        var s = 0;
        for (var p = 0; p < 5; p++)
        {
            var lines = new List<string>();
            for (var l = 0; l < 52; l++)
            {
                lines.Add(sentences[s++ % sentences.Length]);
            }

            pages.Add(lines);
        }

        return Pdf(pages, title: "Prose");
    }

    public static string[] ProseSentences() =>
    [
        "Spaced repetition schedules reviews at growing intervals to strengthen long term memory.",
        "Marie Curie studied physics at the University of Paris after leaving Warsaw in 1891.",
        "Knowledge workers collect notes, links and highlights from many different sources.",
        "A personal knowledge graph connects related notes so that ideas can be found again.",
        "Dr. Smith argued that active recall beats passive rereading for most learners.",
        "The research team at Microsoft Research measured retention across several studies.",
        "Summaries help readers decide quickly whether a document deserves a closer look.",
        "Embeddings place similar sentences close together in a high dimensional vector space.",
        "Some notes decay when nobody reviews them, while others grow through new connections.",
        "Learning scientists in Germany and Canada replicated the spacing effect many times.",
        "A good review habit takes only minutes a day but compounds over months and years.",
        "Search across the knowledge base combines keywords with semantic similarity scores.",
    ];

    public const string DocxTitle = "Quarterly Research Notes";

    /// <summary>A DOCX with a Title paragraph, headings (one localized style id), paragraphs, a table and core properties.</summary>
    public static byte[] Docx(Action<Body>? extra = null)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = new Styles(
                ParagraphStyle("Title", "Title"),
                ParagraphStyle("Heading1", "heading 1"),
                ParagraphStyle("berschrift2", "heading 2"), // German Word: the id is localized, the name is not
                ParagraphStyle("Normal", "Normal"));

            var body = new Body(
                Paragraph("A Document About Bees", "Title"),
                Paragraph("Introduction", "Heading1"),
                Paragraph("Honey bees communicate through a waggle dance."),
                Paragraph("Colonies split in spring when the hive grows crowded."),
                Paragraph("Methods", "berschrift2"),
                new Table(
                    new TableRow(Cell("Species"), Cell("Colony size")),
                    new TableRow(Cell("Apis mellifera"), Cell("50,000"))),
                Paragraph("Results", "Heading1"),
                new Paragraph(new Run(new Text("Tabs")), new Run(new TabChar()), new Run(new Text("and breaks")), new Run(new Break()),
                    new Run(new Text("are kept.")), new Run(new DeletedText("deleted words vanish")),
                    new Run(new FieldCode(" HYPERLINK \"http://example.com\" ")))
                );
            extra?.Invoke(body);
            main.Document = new Document(body);

            document.PackageProperties.Title = DocxTitle;
            document.PackageProperties.Creator = "Karl von Frisch";
            document.PackageProperties.Created = new DateTime(2023, 5, 17, 8, 30, 0, DateTimeKind.Utc);
        }

        return stream.ToArray();
    }

    public static Paragraph Paragraph(string text, string? style = null)
    {
        var paragraph = new Paragraph(new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
        if (style is not null)
        {
            paragraph.PrependChild(new ParagraphProperties(new ParagraphStyleId { Val = style }));
        }

        return paragraph;
    }

    private static TableCell Cell(string text) => new(Paragraph(text));

    private static Style ParagraphStyle(string id, string name) =>
        new(new StyleName { Val = name }) { Type = StyleValues.Paragraph, StyleId = id };

    /// <summary>A ZIP with the given entries (text content).</summary>
    public static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                var entry = zip.CreateEntry(name);
                using var writer = new StreamWriter(entry.Open(), new UTF8Encoding(false));
                writer.Write(content);
            }
        }

        return stream.ToArray();
    }

    public const string ContentTypes =
        """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>""";

    public const string RootRels =
        """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>""";

    /// <summary>
    /// A DOCX-shaped zip bomb: word/document.xml is <paramref name="uncompressedBytes"/> of zeros (a few
    /// hundred KB compressed), streamed from a generator so the test never holds it in memory.
    /// </summary>
    public static byte[] ZipBomb(long uncompressedBytes) => ZipBomb(uncompressedBytes, "", "", 0);

    /// <summary>As <see cref="ZipBomb(long)"/>, with word/document.xml = prefix + filler bytes + suffix.</summary>
    public static byte[] ZipBomb(long uncompressedBytes, string prefix, string suffix, byte filler)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "[Content_Types].xml", ContentTypes);
            Write(zip, "_rels/.rels", RootRels);
            var entry = zip.CreateEntry("word/document.xml", CompressionLevel.SmallestSize);
            using var output = entry.Open();
            output.Write(Encoding.UTF8.GetBytes(prefix));
            var zeros = new byte[1024 * 1024];
            Array.Fill(zeros, filler);
            for (long written = 0; written < uncompressedBytes; written += zeros.Length)
            {
                output.Write(zeros, 0, (int)Math.Min(zeros.Length, uncompressedBytes - written));
            }

            output.Write(Encoding.UTF8.GetBytes(suffix));
        }

        return stream.ToArray();
    }

    private static void Write(ZipArchive zip, string name, string content)
    {
        var entry = zip.CreateEntry(name);
        using var writer = new StreamWriter(entry.Open(), new UTF8Encoding(false));
        writer.Write(content);
    }

    /// <summary>
    /// Rewrites the declared uncompressed size of every entry named <paramref name="entryName"/>
    /// (local header and central directory) to <paramref name="declared"/>: a bomb that lies about its size.
    /// </summary>
    public static byte[] LieAboutSize(byte[] zip, string entryName, uint declared)
    {
        var bytes = (byte[])zip.Clone();
        var name = Encoding.ASCII.GetBytes(entryName);
        for (var i = 0; i + 46 < bytes.Length; i++)
        {
            if (bytes[i] == 0x50 && bytes[i + 1] == 0x4B && bytes[i + 2] == 0x03 && bytes[i + 3] == 0x04
                && bytes.AsSpan(i + 30, name.Length).SequenceEqual(name))
            {
                BitConverter.TryWriteBytes(bytes.AsSpan(i + 22, 4), declared);
            }

            if (bytes[i] == 0x50 && bytes[i + 1] == 0x4B && bytes[i + 2] == 0x01 && bytes[i + 3] == 0x02
                && bytes.AsSpan(i + 46, Math.Min(name.Length, bytes.Length - i - 46)).SequenceEqual(name))
            {
                BitConverter.TryWriteBytes(bytes.AsSpan(i + 24, 4), declared);
            }
        }

        return bytes;
    }

    /// <summary>A minimal, well-formed PDF whose trailer carries a standard-security /Encrypt dictionary (RC4, user password set).</summary>
    public static byte[] EncryptedPdf()
    {
        var o = new string('A', 64);
        var u = new string('B', 64);
        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << >> >>",
            "<< /Length 20 >>\nstream\n(\x8a\x11\x93\x02\x55\x7f\x10\x22\x33\x44)\nendstream",
            $"<< /Filter /Standard /V 1 /R 2 /O <{o}> /U <{u}> /P -4 >>",
        };
        return RawPdf(objects, "/Root 1 0 R /Encrypt 5 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>]");
    }

    /// <summary>A one-page PDF whose Flate-compressed content stream shows <paramref name="text"/> after <paramref name="padding"/> spaces.</summary>
    public static byte[] FlatePdf(int padding, string text = "Hello")
    {
        var content = Encoding.Latin1.GetBytes($"BT /F1 12 Tf 40 700 Td ({text}) Tj ET\n" + new string(' ', padding));
        using var compressed = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(compressed, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(content);
        }

        var data = Encoding.Latin1.GetString(compressed.ToArray());
        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            $"<< /Length {compressed.Length} /Filter /FlateDecode >>\nstream\n{data}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        };
        return RawPdf(objects, "/Root 1 0 R");
    }

    /// <summary>Serialises numbered objects with a correct xref table.</summary>
    public static byte[] RawPdf(IReadOnlyList<string> objects, string trailerEntries)
    {
        var latin1 = Encoding.Latin1;
        using var output = new MemoryStream();
        void W(string s) => output.Write(latin1.GetBytes(s));
        W("%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n");
        var offsets = new List<long>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(output.Position);
            W($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = output.Position;
        W($"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            W($"{offset:D10} 00000 n \n");
        }

        W($"trailer\n<< /Size {objects.Count + 1} {trailerEntries} >>\nstartxref\n{xref}\n%%EOF\n");
        return output.ToArray();
    }

    public static MemoryStream Stream(byte[] bytes) => new(bytes, writable: false);

    public static MemoryStream Utf8(string text) => new(new UTF8Encoding(false).GetBytes(text), writable: false);
}
