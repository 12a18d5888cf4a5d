using DocumentFormat.OpenXml.Wordprocessing;
using Kmt.Core.Documents;
using Kmt.Documents.Extraction;

namespace Kmt.Documents.Tests;

public class DocxExtractorTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly ExtractionLimits Limits = new();
    private readonly DocxExtractor _extractor = new();

    private Task<ExtractedDocument> Extract(byte[] bytes, ExtractionLimits? limits = null) =>
        _extractor.ExtractAsync(Fixtures.Stream(bytes), limits ?? Limits, CancellationToken.None);

    [Fact]
    public async Task Extracts_paragraphs_headings_tables_and_core_properties()
    {
        var document = await Extract(Fixtures.Docx());

        Assert.Equal(Fixtures.DocxTitle, document.Title);
        Assert.Equal("Karl von Frisch", document.Author);
        Assert.Equal(new DateTimeOffset(2023, 5, 17, 8, 30, 0, TimeSpan.Zero), document.CreatedAt);
        Assert.Null(document.PageCount);
        Assert.Equal(["A Document About Bees", "Introduction", "Methods", "Results"], document.Headings);

        var text = document.Text;
        Assert.Contains("Honey bees communicate through a waggle dance.\n\nColonies split in spring", text);
        Assert.Contains("Species | Colony size\nApis mellifera | 50,000", text);
        Assert.Contains("Tabs and breaks\nare kept.", text);
        Assert.DoesNotContain("deleted words vanish", text);
        Assert.DoesNotContain("HYPERLINK", text);
        Assert.True(text.IndexOf("Introduction", StringComparison.Ordinal) < text.IndexOf("Results", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Title_paragraph_is_the_fallback_title()
    {
        var docx = Fixtures.Docx();
        // Same document without core properties title.
        using var stream = new MemoryStream();
        stream.Write(docx);
        using (var doc = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(stream, true))
        {
            doc.PackageProperties.Title = null;
        }

        var document = await Extract(stream.ToArray());
        Assert.Equal("A Document About Bees", document.Title);
    }

    [Fact]
    public async Task Multilingual_text_survives()
    {
        const string sample = "日本語のテキスト, 中文文本, العربية, Русский текст, emoji 😀👨‍👩‍👧🇫🇷";
        var docx = Fixtures.Docx(body => body.Append(Fixtures.Paragraph(sample)));
        var document = await Extract(docx);
        Assert.Contains(sample, document.Text);
    }

    [Fact]
    public async Task A_zip_bomb_is_rejected_before_it_is_inflated()
    {
        var bomb = Fixtures.ZipBomb(300L * 1024 * 1024);
        Assert.True(bomb.Length < 2 * 1024 * 1024, $"bomb is {bomb.Length} bytes");

        var ex = await Assert.ThrowsAsync<DocumentRejectedException>(() => Extract(bomb));

        // The reason names the table-of-contents check: nothing was inflated to find out.
        Assert.Contains("zip bomb", ex.Reason);
    }

    [Fact]
    public async Task A_high_ratio_part_is_rejected_even_under_the_size_limit()
    {
        var bomb = Fixtures.ZipBomb(20L * 1024 * 1024);
        var ex = await Assert.ThrowsAsync<DocumentRejectedException>(() => Extract(bomb));
        Assert.Contains("expands", ex.Reason);
    }

    [Fact]
    public async Task A_bomb_that_lies_about_its_size_is_still_stopped()
    {
        // Declares 2 KB for 64 MB of zeros: passes the central-directory checks, so only the
        // reading side (the capped stream / the runtime's size check) can stop it.
        // Well-formed XML with one enormous run of text, so only the byte accounting can stop it.
        const string prefix = "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>";
        const string suffix = "</w:t></w:r></w:p></w:body></w:document>";
        var liar = Fixtures.LieAboutSize(Fixtures.ZipBomb(64L * 1024 * 1024, prefix, suffix, (byte)'a'), "word/document.xml", 2048);
        var limits = new ExtractionLimits { MaxUncompressedBytes = 8L * 1024 * 1024, MaxTextCharacters = int.MaxValue };

        var ex = await Assert.ThrowsAsync<DocumentRejectedException>(() => Extract(liar, limits));
        output.WriteLine($"{ex.Reason} ({ex.InnerException?.GetType().Name}: {ex.InnerException?.Message})");
        Assert.True(ex.Reason.Contains("zip bomb", StringComparison.Ordinal) || ex.Reason == DocxExtractor.Damaged, ex.Reason);
    }

    [Fact]
    public async Task Too_many_zip_entries_is_rejected()
    {
        var entries = Enumerable.Range(0, DocxExtractor.MaxZipEntries + 1).Select(i => ($"word/media/{i}.txt", "x")).ToList();
        entries.Add(("word/document.xml", "<x/>"));
        var ex = await Assert.ThrowsAsync<DocumentRejectedException>(() => Extract(Fixtures.Zip([.. entries])));
        Assert.Contains("parts", ex.Reason);
    }

    [Fact]
    public async Task A_zip_that_is_not_a_word_document_is_rejected()
    {
        var ex = await Assert.ThrowsAsync<DocumentRejectedException>(() => Extract(Fixtures.Zip(("notes.txt", "hello"))));
        Assert.Equal(DocxExtractor.NotWord, ex.Reason);
    }

    [Fact]
    public async Task Truncated_or_corrupt_docx_is_rejected_as_damaged()
    {
        var docx = Fixtures.Docx();
        var ex = await Assert.ThrowsAsync<DocumentRejectedException>(() => Extract(docx[..(docx.Length / 2)]));
        Assert.Contains("damaged", ex.Reason);

        var broken = Fixtures.Zip(("[Content_Types].xml", Fixtures.ContentTypes), ("_rels/.rels", Fixtures.RootRels), ("word/document.xml", "<w:document><unclosed"));
        ex = await Assert.ThrowsAsync<DocumentRejectedException>(() => Extract(broken));
        Assert.Contains("damaged", ex.Reason);

        ex = await Assert.ThrowsAsync<DocumentRejectedException>(() => Extract([]));
        Assert.Contains("damaged", ex.Reason);
    }

    [Fact]
    public async Task An_encrypted_office_file_which_is_an_ole_container_is_rejected_as_damaged()
    {
        byte[] ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[4096]];
        var ex = await Assert.ThrowsAsync<DocumentRejectedException>(() => Extract(ole));
        Assert.Contains("damaged", ex.Reason);
    }

    [Fact]
    public async Task Text_beyond_the_character_limit_is_rejected()
    {
        var ex = await Assert.ThrowsAsync<DocumentRejectedException>(() => Extract(Fixtures.Docx(), new ExtractionLimits { MaxTextCharacters = 50 }));
        Assert.Contains("the limit is 50", ex.Reason);
    }

    [Fact]
    public async Task Nested_tables_and_empty_paragraphs_do_not_break_extraction()
    {
        var docx = Fixtures.Docx(body =>
        {
            body.Append(new Paragraph());
            body.Append(new Table(new TableRow(new TableCell(
                new Table(new TableRow(new TableCell(Fixtures.Paragraph("inner cell")))),
                Fixtures.Paragraph("outer cell")))));
        });
        var document = await Extract(docx);
        Assert.Contains("inner cell", document.Text);
        Assert.Contains("outer cell", document.Text);
    }
}
