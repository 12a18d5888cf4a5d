using Kmt.Core.Documents;
using Kmt.Documents.Extraction;

namespace Kmt.Documents.Tests;

public class PdfExtractorTests
{
    private static readonly ExtractionLimits Limits = new();
    private readonly PdfExtractor _extractor = new();

    private Task<ExtractedDocument> Extract(byte[] bytes, ExtractionLimits? limits = null) =>
        _extractor.ExtractAsync(Fixtures.Stream(bytes), limits ?? Limits, CancellationToken.None);

    [Fact]
    public async Task Extracts_every_page_in_order_with_metadata()
    {
        var document = await Extract(Fixtures.FivePagePdf());

        Assert.Equal(5, document.PageCount);
        Assert.Equal("Knowledge Gardens", document.Title);
        Assert.Equal("Ada Lovelace", document.Author);
        Assert.Equal(new DateTimeOffset(2024, 3, 15, 10, 30, 0, TimeSpan.Zero), document.CreatedAt);
        Assert.Contains(Fixtures.PageFivePhrase, document.Text);
        Assert.Contains("Page 3 explains how spaced repetition keeps knowledge gardens healthy.", document.Text);

        var positions = Enumerable.Range(1, 5).Select(p => document.Text.IndexOf($"Page {p} explains", StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p >= 0));
        Assert.Equal(positions.Order(), positions);

        // Pages are separated by a blank line; whitespace is normalised.
        Assert.Contains("\n\nChapter 2", document.Text);
        Assert.DoesNotContain("  ", document.Text);
        Assert.DoesNotContain("\n\n\n", document.Text);
    }

    [Fact]
    public async Task Works_from_a_non_seekable_stream()
    {
        var stream = new NonSeekableStream(Fixtures.FivePagePdf());
        var document = await _extractor.ExtractAsync(stream, Limits, CancellationToken.None);
        Assert.Contains(Fixtures.PageFivePhrase, document.Text);
    }

    [Fact]
    public async Task Truncated_pdf_is_rejected_as_damaged()
    {
        var pdf = Fixtures.FivePagePdf();
        var half = pdf[..(pdf.Length / 2)];
        var ex = await Assert.ThrowsAsync<DocumentRejectedException>(() => Extract(half));
        Assert.Contains("damaged or incomplete", ex.Reason);
    }

    [Fact]
    public async Task Garbage_after_a_pdf_header_is_rejected_as_damaged()
    {
        var random = new byte[20_000];
        new Random(7).NextBytes(random);
        byte[] corrupt = [.. "%PDF-1.7\n"u8, .. random, .. "\n%%EOF\n"u8];
        var ex = await Assert.ThrowsAsync<DocumentRejectedException>(() => Extract(corrupt));
        Assert.Contains("damaged or incomplete", ex.Reason);
    }

    [Fact]
    public async Task Empty_input_is_rejected()
    {
        await Assert.ThrowsAsync<DocumentRejectedException>(() => Extract([]));
    }

    [Fact]
    public async Task Encrypted_pdf_is_rejected_as_password_protected()
    {
        var ex = await Assert.ThrowsAsync<DocumentRejectedException>(() => Extract(Fixtures.EncryptedPdf()));
        Assert.Equal("The PDF is password-protected; upload a copy without a password.", ex.Reason);
    }

    [Fact]
    public async Task Too_many_pages_is_rejected_with_both_numbers()
    {
        var ex = await Assert.ThrowsAsync<DocumentRejectedException>(
            () => Extract(Fixtures.FivePagePdf(), new ExtractionLimits { MaxPages = 2 }));
        Assert.Equal("The PDF has 5 pages; the limit is 2.", ex.Reason);
    }

    [Fact]
    public async Task Three_thousand_tiny_pages_exceed_the_default_page_limit()
    {
        var pages = Enumerable.Range(0, 3000).Select(i => (IReadOnlyList<string>)[]).ToList();
        pages[0] = ["only the first page has text"];
        var pdf = Fixtures.Pdf(pages);

        var ex = await Assert.ThrowsAsync<DocumentRejectedException>(() => Extract(pdf));
        Assert.Equal("The PDF has 3,000 pages; the limit is 2,000.", ex.Reason);
    }

    [Fact]
    public async Task Text_beyond_the_character_limit_is_rejected()
    {
        var ex = await Assert.ThrowsAsync<DocumentRejectedException>(
            () => Extract(Fixtures.FivePagePdf(), new ExtractionLimits { MaxTextCharacters = 200 }));
        Assert.Contains("the limit is 200", ex.Reason);
    }

    [Fact]
    public async Task A_pdf_without_text_is_rejected_as_probably_scanned()
    {
        var pdf = Fixtures.Pdf([[], []]);
        var ex = await Assert.ThrowsAsync<DocumentRejectedException>(() => Extract(pdf));
        Assert.Contains("scanned", ex.Reason);
    }

    [Fact]
    public async Task Cancellation_is_honoured()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _extractor.ExtractAsync(Fixtures.Stream(Fixtures.FivePagePdf()), Limits, cts.Token));
    }

    internal sealed class NonSeekableStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 1000));

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public async Task A_pdf_whose_streams_unpack_past_the_budget_is_rejected_before_parsing()
    {
        // 32 MB of spaces deflate to about 32 KB: a page content stream that is a decompression bomb.
        var bomb = Fixtures.FlatePdf(32 * 1024 * 1024);
        Assert.True(bomb.Length < 1024 * 1024);

        var rejected = await Assert.ThrowsAsync<DocumentRejectedException>(() => Extract(bomb, new ExtractionLimits { MaxUncompressedBytes = 8 * 1024 * 1024 }));

        Assert.Contains("unpacks to more than 8 MB", rejected.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pdf_with_compressed_streams_under_the_budget_is_read()
    {
        var document = await Extract(Fixtures.FlatePdf(1024, text: "Compressed hello"), new ExtractionLimits { MaxUncompressedBytes = 1024 * 1024 });

        Assert.Contains("Compressed hello", document.Text, StringComparison.Ordinal);
    }
}
