using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Kmt.Bench.Loader;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Kmt.Bench.Ingestion;

/// <summary>One generated document: its bytes and the phrase that only it contains.</summary>
internal sealed record GeneratedDocument(int Index, string Format, string FileName, string Title, string Marker, int Words, byte[] Bytes);

/// <summary>
/// Deterministic documents for the ingestion benchmark. Document <c>i</c> of seed <c>s</c> is always
/// the same bytes (PdfPig's and the OpenXML SDK's writers are given fixed dates), so runs compare.
/// The prose comes from the HTTP benchmark's generator (<see cref="Corpus"/>): paragraphs of 60-120
/// words from a dozen topic vocabularies; consecutive sections take different topics, so a document
/// is multi-topic. Each document carries a unique marker phrase of three coined words, placed deep
/// inside: on the last page of a PDF, about three quarters of the way through a DOCX or HTML file.
/// </summary>
internal static partial class Documents
{
    public const int PdfPages = 5;
    public const int MinWordsPerPage = 450;
    public const int MaxWordsPerPage = 550;
    public const int MinWords = 2_400;
    public const int MaxWords = 2_600;

    private static readonly DateTimeOffset FixedDate = new(2025, 1, 15, 9, 30, 0, TimeSpan.Zero);

    private static readonly string[] Syllables =
    [
        "ka", "vel", "mor", "zin", "tra", "quo", "lis", "res", "ban", "dor",
        "fey", "nex", "sul", "gra", "pem", "hov", "jun", "tal", "wim", "cor",
    ];

    /// <summary>The <paramref name="count"/> documents, cycling through <paramref name="formats"/> (pdf, docx, html).</summary>
    public static IReadOnlyList<GeneratedDocument> Generate(int count, int seed, int salt, IReadOnlyList<string> formats) =>
        Enumerable.Range(0, count).Select(i => Generate(i, formats[i % formats.Count], seed, salt)).ToArray();

    public static GeneratedDocument Generate(int index, string format, int seed, int salt)
    {
        var marker = Marker(index, salt);
        var prose = new ProseStream(seed, salt, index);
        var rng = new Random(Corpus.StableSeed(seed, salt, index, 0xD0C5));
        var title = prose.NextTitle();
        return format switch
        {
            "pdf" => Pdf(index, title, marker, prose, rng),
            "docx" => Docx(index, title, marker, prose, rng),
            "html" => Html(index, title, marker, prose, rng),
            _ => throw new ArgumentException($"Unknown format '{format}' (pdf, docx, html)."),
        };
    }

    /// <summary>Three coined words that encode the index (unique for up to 8,000 documents per salt).</summary>
    public static string Marker(int index, int salt)
    {
        string Word(int n, string suffix)
        {
            var v = ((n % 8000) + 8000) % 8000;
            return Syllables[v / 400] + Syllables[v / 20 % 20] + Syllables[v % 20] + suffix;
        }

        var n = index + salt * 1009;
        return $"{Word(n, "ian")} {Word(n * 7 + 3, "ite")} {Word(n * 13 + 11, "ory")}";
    }

    public static string MarkerSentence(string marker) => $"The field archive also lists the {marker} among its reference samples.";

    // ---------------------------------------------------------------------------------------------
    // PDF: five A4 pages, 450-550 words each, Helvetica 10 pt, wrapped at about 92 characters.
    private static GeneratedDocument Pdf(int index, string title, string marker, ProseStream prose, Random rng)
    {
        var builder = new PdfDocumentBuilder();
        builder.DocumentInformation.Title = title;
        builder.DocumentInformation.Author = "Bench Author";
        builder.DocumentInformation.CreationDate = "D:20250115093000Z";
        builder.DocumentInformation.ModifiedDate = "D:20250115093000Z";
        builder.DocumentInformation.Producer = "Kmt.Bench.Ingestion";
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);
        var words = 0;
        for (var p = 1; p <= PdfPages; p++)
        {
            var paragraphs = prose.Fill(rng.Next(MinWordsPerPage, MaxWordsPerPage + 1));
            if (p == PdfPages)
            {
                // Deep inside: in a middle paragraph of the last page.
                var at = paragraphs.Count / 2;
                paragraphs[at] = InsertSentence(paragraphs[at], MarkerSentence(marker), rng);
            }

            words += paragraphs.Sum(CountWords);
            var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
            var y = 800.0;
            page.AddText(p == 1 ? title : $"{title} ({p})", 13, new PdfPoint(50, y), bold);
            y -= 24;
            foreach (var paragraph in paragraphs)
            {
                foreach (var line in Wrap(paragraph, 92))
                {
                    page.AddText(line, 10, new PdfPoint(50, y), font);
                    y -= 12.5;
                }

                y -= 7;
            }

            page.AddText($"Page {p} of {PdfPages}", 8, new PdfPoint(270, 30), font);
        }

        return new GeneratedDocument(index, "pdf", $"bench-{index:D3}.pdf", title, marker, words, Deterministic(builder.Build(), index));
    }

    // ---------------------------------------------------------------------------------------------
    // DOCX: a Heading 1 title, sections with a Heading 2 each, about 2,500 words of paragraphs.
    private static GeneratedDocument Docx(int index, string title, string marker, ProseStream prose, Random rng)
    {
        var sections = Sections(prose, rng, marker, out var words);
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            document.PackageProperties.Title = title;
            document.PackageProperties.Creator = "Bench Author";
            document.PackageProperties.Created = FixedDate.UtcDateTime;
            document.PackageProperties.Modified = FixedDate.UtcDateTime;
            var main = document.AddMainDocumentPart();
            var body = new Body();
            body.Append(StyledParagraph(title, "Heading1"));
            foreach (var (heading, paragraphs) in sections)
            {
                body.Append(StyledParagraph(heading, "Heading2"));
                foreach (var text in paragraphs)
                {
                    body.Append(new Paragraph(new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve })));
                }
            }

            main.Document = new Document(body);
            main.Document.Save();
        }

        return new GeneratedDocument(index, "docx", $"bench-{index:D3}.docx", title, marker, words, Deterministic(stream.ToArray()));
    }

    private static Paragraph StyledParagraph(string text, string style) =>
        new(new ParagraphProperties(new ParagraphStyleId { Val = style }), new Run(new Text(text)));

    /// <summary>
    /// System.IO.Packaging names relationships and the core-properties part with random GUIDs and stamps
    /// zip entries with the current time: the package is rewritten with ids numbered in order of
    /// appearance and a fixed time, so the same document is the same bytes in every run.
    /// </summary>
    private static byte[] Deterministic(byte[] docx)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        string Stable(Match m)
        {
            if (!ids.TryGetValue(m.Value, out var stable))
            {
                stable = m.Value[0] == 'R' ? $"R{ids.Count + 1:x16}" : $"{ids.Count + 1:x32}";
                ids[m.Value] = stable;
            }

            return stable;
        }

        using var input = new ZipArchive(new MemoryStream(docx), ZipArchiveMode.Read);
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in input.Entries)
            {
                string text;
                using (var reader = new StreamReader(entry.Open(), Encoding.UTF8))
                {
                    text = reader.ReadToEnd();
                }

                var copy = zip.CreateEntry(RandomIds().Replace(entry.FullName, Stable), CompressionLevel.Optimal);
                copy.LastWriteTime = FixedDate;
                using var writer = new StreamWriter(copy.Open(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
                writer.Write(RandomIds().Replace(text, Stable));
            }
        }

        return output.ToArray();
    }

    /// <summary>"R" + 16 hex digits (relationship ids) or 32 hex digits (the .psmdcp part name).</summary>
    [GeneratedRegex("(?<![0-9a-f])(R[0-9a-f]{16}|[0-9a-f]{32})(?![0-9a-f])")]
    private static partial Regex RandomIds();

    /// <summary>PdfPig writes a random file identifier (trailer /ID); a fixed one per document keeps the bytes stable.</summary>
    private static byte[] Deterministic(byte[] pdf, int index)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var stable = PdfId().Replace(text, _ => $"/ID [ <{index:X32}><{index:X32}>]", 1);
        return Encoding.Latin1.GetBytes(stable);
    }

    [GeneratedRegex(@"/ID \[ ?<[0-9A-Fa-f]{32}> ?<[0-9A-Fa-f]{32}> ?\]")]
    private static partial Regex PdfId();

    // ---------------------------------------------------------------------------------------------
    // HTML: a real-looking article page (head, nav, sections, inline markup, footer).
    private static GeneratedDocument Html(int index, string title, string marker, ProseStream prose, Random rng)
    {
        var sections = Sections(prose, rng, marker, out var words);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"author\" content=\"Bench Author\">\n")
            .Append("<title>").Append(WebUtility.HtmlEncode(title)).Append("</title>\n")
            .Append("<link rel=\"stylesheet\" href=\"/static/site.css\">\n")
            .Append("<style>body { font-family: Georgia, serif; max-width: 42rem; margin: auto } nav a { margin-right: 1em }</style>\n")
            .Append("<script>window.analytics = window.analytics || []; window.analytics.push(['page']);</script>\n")
            .Append("</head>\n<body>\n<header><nav><a href=\"/\">Home</a><a href=\"/notes\">Notes</a><a href=\"/about\">About</a></nav></header>\n")
            .Append("<main>\n<article>\n<h1>").Append(WebUtility.HtmlEncode(title)).Append("</h1>\n")
            .Append("<p class=\"byline\">By Bench Author, <time datetime=\"2025-01-15\">15 January 2025</time></p>\n");
        foreach (var (heading, paragraphs) in sections)
        {
            html.Append("<section>\n<h2>").Append(WebUtility.HtmlEncode(heading)).Append("</h2>\n");
            foreach (var text in paragraphs)
            {
                html.Append("<p>").Append(InlineMarkup(WebUtility.HtmlEncode(text), rng)).Append("</p>\n");
            }

            html.Append("</section>\n");
        }

        html.Append("</article>\n</main>\n<footer><p>&copy; 2025 Bench Notes. <a href=\"/privacy\">Privacy</a></p></footer>\n")
            .Append("<script src=\"/static/app.js\" defer></script>\n</body>\n</html>\n");
        return new GeneratedDocument(index, "html", $"bench-{index:D3}.html", title, marker, words, Encoding.UTF8.GetBytes(html.ToString()));
    }

    /// <summary>Wraps one word of a few in &lt;em&gt; or &lt;strong&gt;, never the marker's coined words.</summary>
    private static string InlineMarkup(string encoded, Random rng)
    {
        var words = encoded.Split(' ');
        for (var i = 1; i < words.Length - 1; i++)
        {
            var u = rng.NextDouble();
            if (u < 0.015 && words[i].All(char.IsAsciiLetterLower))
            {
                words[i] = $"<em>{words[i]}</em>";
            }
            else if (u < 0.025 && words[i].All(char.IsAsciiLetterLower))
            {
                words[i] = $"<strong>{words[i]}</strong>";
            }
        }

        return string.Join(' ', words);
    }

    /// <summary>Sections of 2-4 paragraphs until 2,400-2,600 words; the marker goes into the paragraph at about 75 %.</summary>
    private static List<(string Heading, List<string> Paragraphs)> Sections(ProseStream prose, Random rng, string marker, out int words)
    {
        var paragraphs = prose.Fill(rng.Next(MinWords, MaxWords + 1));
        var at = (int)(paragraphs.Count * 0.75);
        paragraphs[at] = InsertSentence(paragraphs[at], MarkerSentence(marker), rng);
        words = paragraphs.Sum(CountWords);

        var sections = new List<(string, List<string>)>();
        var i = 0;
        while (i < paragraphs.Count)
        {
            var take = Math.Min(rng.Next(2, 5), paragraphs.Count - i);
            sections.Add((prose.NextTitle(), paragraphs.GetRange(i, take)));
            i += take;
        }

        return sections;
    }

    private static string InsertSentence(string paragraph, string sentence, Random rng)
    {
        var sentences = paragraph.Split(". ").ToList();
        var at = sentences.Count <= 1 ? 0 : rng.Next(1, sentences.Count);
        sentences.Insert(at, sentence.TrimEnd('.'));
        return string.Join(". ", sentences);
    }

    private static IEnumerable<string> Wrap(string text, int width)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear();
            }

            if (line.Length > 0)
            {
                line.Append(' ');
            }

            line.Append(word);
        }

        if (line.Length > 0)
        {
            yield return line.ToString();
        }
    }

    public static int CountWords(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>Paragraphs from consecutive generated notes (each with its own main topic), and their titles.</summary>
    private sealed class ProseStream(int seed, int salt, int document)
    {
        private readonly Queue<string> _paragraphs = new();
        private readonly Queue<string> _titles = new();
        private int _next;

        public string NextTitle()
        {
            if (_titles.Count == 0)
            {
                Refill();
            }

            return _titles.Dequeue();
        }

        /// <summary>Whole paragraphs up to about <paramref name="targetWords"/> words; the last one is cut at a sentence end if needed.</summary>
        public List<string> Fill(int targetWords)
        {
            var result = new List<string>();
            var words = 0;
            while (words < targetWords)
            {
                if (_paragraphs.Count == 0)
                {
                    Refill();
                }

                var paragraph = _paragraphs.Dequeue();
                var count = CountWords(paragraph);
                if (words + count > targetWords + 20)
                {
                    paragraph = Cut(paragraph, targetWords - words);
                    count = CountWords(paragraph);
                }

                result.Add(paragraph);
                words += count;
            }

            return result;
        }

        private static string Cut(string paragraph, int maxWords)
        {
            var kept = new StringBuilder();
            var words = 0;
            foreach (var sentence in paragraph.Split(". "))
            {
                var n = CountWords(sentence);
                if (kept.Length > 0 && words + n > maxWords)
                {
                    break;
                }

                kept.Append(kept.Length > 0 ? ". " : "").Append(sentence);
                words += n;
            }

            var text = kept.ToString();
            return text.EndsWith('.') || text.EndsWith('?') ? text : text + ".";
        }

        private void Refill()
        {
            var item = Corpus.Item(seed + salt * 7919, document * 1_000 + _next++);
            _titles.Enqueue(item.Title);
            foreach (var paragraph in item.Content.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
            {
                _paragraphs.Enqueue(paragraph);
            }
        }
    }
}
