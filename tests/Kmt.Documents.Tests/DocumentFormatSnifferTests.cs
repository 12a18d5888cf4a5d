using System.Text;
using Kmt.Core.Documents;
namespace Kmt.Documents.Tests;

using DocumentFormat = Kmt.Core.Documents.DocumentFormat;

public class DocumentFormatSnifferTests
{
    private static DocumentFormat? Sniff(string text) => DocumentFormatSniffer.Detect(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Pdf_is_recognised_by_its_header_even_after_leading_junk()
    {
        Assert.Equal(DocumentFormat.Pdf, DocumentFormatSniffer.Detect(Fixtures.FivePagePdf()));
        var junk = new byte[700];
        Random.Shared.NextBytes(junk);
        var withJunk = junk.Concat(Fixtures.FivePagePdf()).ToArray();
        Assert.Equal(DocumentFormat.Pdf, DocumentFormatSniffer.Detect(withJunk));
    }

    [Fact]
    public void Pdf_header_beyond_the_first_kilobyte_does_not_count()
    {
        var bytes = new byte[2000].Concat("%PDF-1.7\n"u8.ToArray()).ToArray();
        Assert.Null(DocumentFormatSniffer.Detect(bytes));
    }

    [Fact]
    public void Docx_is_recognised_from_the_whole_file_and_from_a_stream()
    {
        var docx = Fixtures.Docx();
        Assert.Equal(DocumentFormat.Docx, DocumentFormatSniffer.Detect(docx));
        using var stream = Fixtures.Stream(docx);
        stream.Position = 0;
        Assert.Equal(DocumentFormat.Docx, DocumentFormatSniffer.Detect((Stream)stream));
        Assert.Equal(0, stream.Position); // restored
    }

    [Fact]
    public void A_zip_that_is_not_a_docx_is_not_ingestible()
    {
        var zip = Fixtures.Zip(("hello.txt", "hello"), ("data/word.xml", "<x/>"));
        Assert.Null(DocumentFormatSniffer.Detect(zip));
        using var stream = Fixtures.Stream(zip);
        Assert.Null(DocumentFormatSniffer.Detect((Stream)stream));
    }

    [Fact]
    public void Head_of_a_docx_with_the_main_part_header_visible_is_docx()
    {
        var random = new Random(3);
        var body = new string(Enumerable.Range(0, 100_000).Select(_ => (char)random.Next('a', 'z' + 1)).ToArray());
        var zip = Fixtures.Zip(("[Content_Types].xml", Fixtures.ContentTypes), ("word/document.xml", body));
        // Only the first 4 KB: the central directory is out of reach, the local header is not.
        Assert.Equal(DocumentFormat.Docx, DocumentFormatSniffer.Detect(zip.AsSpan(0, 4096)));
    }

    [Fact]
    public void Ole_compound_files_such_as_encrypted_office_documents_are_rejected()
    {
        byte[] ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[504]];
        Assert.Null(DocumentFormatSniffer.Detect(ole));
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html><body><p>Hi</p></body></html>")]
    [InlineData("  \n<!-- a comment -->\n<html lang=\"en\"><head><title>x</title></head></html>")]
    [InlineData("<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>x</body></html>")]
    [InlineData("<body>only a body</body>")]
    [InlineData("<div class=\"note\"><p>A fragment</p></div>")]
    [InlineData("Saved from the web\n<p>first</p>\n<p>second</p>\n<br>")]
    public void Html_is_recognised(string html) => Assert.Equal(DocumentFormat.Html, Sniff(html));

    [Theory]
    [InlineData("# Title\n\nSome text.")]
    [InlineData("Title\n=====\n\nSome text with a [link](https://example.com).")]
    [InlineData("Notes\n\n- first item\n- second item\n- third item\n")]
    [InlineData("Some prose.\n\n```csharp\nvar x = 1;\n```\n")]
    [InlineData("Read **this** and `that`, then see [the docs](http://x.y/z).")]
    [InlineData("Intro\n\n1. one\n2. two\n3. three\n")]
    public void Markdown_is_recognised(string markdown) => Assert.Equal(DocumentFormat.Markdown, Sniff(markdown));

    [Theory]
    [InlineData("Dear team,\n\nthe meeting moves to Thursday. Bring your notes.\n\nThanks, Ana")]
    [InlineData("Just one line of text.")]
    [InlineData("Prices rose 3.5% - the second rise this year.")]
    [InlineData("Привет, мир! Это обычный текст.")]
    [InlineData("这是一个普通的文本文件。")]
    [InlineData("مرحبا بالعالم، هذا نص عادي.")]
    [InlineData("Emoji 😀👨‍👩‍👧 are text too.")]
    public void Plain_text_is_recognised(string text) => Assert.Equal(DocumentFormat.PlainText, Sniff(text));

    [Fact]
    public void Utf16_text_with_a_bom_is_text()
    {
        var le = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("Hello, world. Ünïcödé.")).ToArray();
        var be = Encoding.BigEndianUnicode.GetPreamble().Concat(Encoding.BigEndianUnicode.GetBytes("# Heading\n\nText")).ToArray();
        Assert.Equal(DocumentFormat.PlainText, DocumentFormatSniffer.Detect(le));
        Assert.Equal(DocumentFormat.Markdown, DocumentFormatSniffer.Detect(be));
    }

    [Fact]
    public void Utf16_without_a_bom_is_binary()
    {
        Assert.Null(DocumentFormatSniffer.Detect(Encoding.Unicode.GetBytes("Hello world")));
    }

    [Fact]
    public void Binary_content_is_rejected()
    {
        var random = new byte[4096];
        new Random(42).NextBytes(random);
        Assert.Null(DocumentFormatSniffer.Detect(random));
        Assert.Null(DocumentFormatSniffer.Detect([0x89, .. "PNG\r\n\u001a\n"u8, 0, 0, 0, 13, .. "IHDR"u8]));
        Assert.Null(DocumentFormatSniffer.Detect([0x4D, 0x5A, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF])); // MZ (exe)
        Assert.Null(DocumentFormatSniffer.Detect([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, .. "JFIF"u8, 0]));
        Assert.Null(DocumentFormatSniffer.Detect("text with a \0 NUL"u8));
        Assert.Null(DocumentFormatSniffer.Detect([0x68, 0x69, 0xC3, 0x28, 0x21])); // invalid UTF-8
    }

    [Fact]
    public void Empty_and_whitespace_only_input_is_not_a_document()
    {
        Assert.Null(DocumentFormatSniffer.Detect(ReadOnlySpan<byte>.Empty));
        Assert.Null(DocumentFormatSniffer.Detect("   \n\t  "u8));
        using var empty = new MemoryStream();
        Assert.Null(DocumentFormatSniffer.Detect((Stream)empty));
    }

    [Fact]
    public void A_utf8_sequence_cut_by_the_end_of_the_head_is_still_text()
    {
        var bytes = Encoding.UTF8.GetBytes("Grüße aus Köln 😀");
        Assert.Equal(DocumentFormat.PlainText, DocumentFormatSniffer.Detect(bytes.AsSpan(0, bytes.Length - 2)));
    }

    [Fact]
    public void Stream_overload_works_from_a_non_zero_position_and_restores_it()
    {
        var docx = Fixtures.Docx();
        using var stream = new MemoryStream([.. "prefix"u8, .. docx]);
        stream.Position = 6;
        Assert.Equal(DocumentFormat.Docx, DocumentFormatSniffer.Detect((Stream)stream));
        Assert.Equal(6, stream.Position);
    }
}
