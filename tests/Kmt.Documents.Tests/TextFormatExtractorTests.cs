using System.Text;
using Kmt.Core.Documents;
using Kmt.Documents.Extraction;

namespace Kmt.Documents.Tests;

public class HtmlExtractorTests
{
    private static readonly ExtractionLimits Limits = new();
    private readonly HtmlExtractor _extractor = new();

    private Task<ExtractedDocument> Extract(string html) =>
        _extractor.ExtractAsync(Fixtures.Utf8(html), Limits, CancellationToken.None);

    private const string Page = """
        <!DOCTYPE html>
        <html>
        <head>
          <title>Bees &amp; Flowers</title>
          <meta name="author" content="Jane Goodall">
          <meta property="article:published_time" content="2022-04-01T09:00:00Z">
          <style>body { color: red; } .secret { display: none }</style>
          <script>var stolen = "SCRIPT TEXT";</script>
        </head>
        <body onload="alert('ONLOAD HANDLER')">
          <!-- a comment nobody sees -->
          <h1>Pollination basics</h1>
          <p>Bees visit   flowers
             to collect nectar.</p><p>Caf&eacute; owners &lt;love&gt; honey&nbsp;too.</p>
          <div hidden>HIDDEN ATTRIBUTE</div>
          <span style="display: none">DISPLAY NONE</span>
          <span aria-hidden="true">ARIA HIDDEN</span>
          <noscript>NOSCRIPT TEXT</noscript>
          <template><p>TEMPLATE TEXT</p></template>
          <button onclick="steal()">Click</button>
          <h2>Further <em>reading</em></h2>
          <ul><li>First item</li><li>Second item</li></ul>
          <pre>line one
        line two</pre>
          <table><tr><td>cell A</td><td>cell B</td></tr></table>
          <script type="application/ld+json">{"LD":"JSON"}</script>
        </body>
        </html>
        """;

    [Fact]
    public async Task Keeps_only_visible_text()
    {
        var document = await Extract(Page);
        var text = document.Text;

        Assert.Contains("Bees visit flowers to collect nectar.", text);
        Assert.Contains("Café owners <love> honey too.", text);
        Assert.Contains("Pollination basics", text);
        foreach (var hidden in new[]
                 {
                     "SCRIPT TEXT", "color: red", "ONLOAD HANDLER", "comment nobody", "HIDDEN ATTRIBUTE", "DISPLAY NONE",
                     "ARIA HIDDEN", "NOSCRIPT TEXT", "TEMPLATE TEXT", "steal()", "JSON", "Bees & Flowers",
                 })
        {
            Assert.DoesNotContain(hidden, text);
        }
    }

    [Fact]
    public async Task Blocks_become_paragraphs_and_lines()
    {
        var text = (await Extract(Page)).Text;
        Assert.Contains("to collect nectar.\n\nCafé", text);
        Assert.Contains("First item\nSecond item", text);
        Assert.Contains("line one\nline two", text);
        Assert.Contains("cell A cell B", text);
        Assert.DoesNotContain("\n\n\n", text);
    }

    [Fact]
    public async Task Metadata_and_headings()
    {
        var document = await Extract(Page);
        Assert.Equal("Bees & Flowers", document.Title);
        Assert.Equal("Jane Goodall", document.Author);
        Assert.Equal(new DateTimeOffset(2022, 4, 1, 9, 0, 0, TimeSpan.Zero), document.CreatedAt);
        Assert.Equal(["Pollination basics", "Further reading"], document.Headings);
    }

    [Fact]
    public async Task Og_title_is_the_fallback_title()
    {
        var document = await Extract("""<html><head><meta property="og:title" content="Shared Title"></head><body><p>x</p></body></html>""");
        Assert.Equal("Shared Title", document.Title);
    }

    [Fact]
    public async Task Declared_legacy_charset_is_honoured()
    {
        var bytes = Encoding.Latin1.GetBytes("<html><head><meta charset=\"windows-1252\"></head><body><p>Caf\u00e9 cr\u00e8me \u2014 na\u00efve</p></body></html>"
            .Replace("\u2014", "-", StringComparison.Ordinal));
        var document = await _extractor.ExtractAsync(Fixtures.Stream(bytes), Limits, CancellationToken.None);
        Assert.Contains("Café crème - naïve", document.Text);
    }

    [Fact]
    public async Task Multilingual_text_survives()
    {
        const string sample = "日本語のテキスト 中文文本 العربية Русский текст 😀👨‍👩‍👧";
        var document = await Extract($"<html><body><p>{sample}</p></body></html>");
        Assert.Equal(sample, document.Text);
    }

    [Fact]
    public async Task Deep_nesting_does_not_overflow_the_stack()
    {
        // AngleSharp's tree builder is quadratic in nesting depth (50,000 levels take seconds); the
        // walk itself is iterative, so depth cannot overflow the stack.
        var html = string.Concat(Enumerable.Repeat("<div>", 10_000)) + "deep text" + string.Concat(Enumerable.Repeat("</div>", 10_000));
        await Extract("<p>warm up</p>");
        var document = await Extract(html);
        Assert.Equal("deep text", document.Text);
    }
}

public class MarkdownExtractorTests
{
    private static readonly ExtractionLimits Limits = new();
    private readonly MarkdownExtractor _extractor = new();

    private Task<ExtractedDocument> Extract(string markdown) =>
        _extractor.ExtractAsync(Fixtures.Utf8(markdown), Limits, CancellationToken.None);

    private const string Note = """
        ---
        title: "Gardening Notes"
        author: Beatrix Potter
        date: 2021-06-01
        tags: [garden, notes]
        ---

        # Growing Tomatoes

        Tomatoes need **full sun** and *regular* watering. See [the guide](https://example.com/guide).

        ## Soil

        - Rich compost
        - Good drainage

        ```bash
        echo "water daily"
        ```

        | Plant | Days |
        |-------|------|
        | Basil | 60 |

        <div><script>alert('x')</script>Inline html text</div>

        Setext heading
        --------------
        Final paragraph with `code span` and &amp; entity.
        """;

    [Fact]
    public async Task Renders_plain_text_with_paragraphs_and_headings()
    {
        var document = await Extract(Note);
        var text = document.Text;

        Assert.Equal("Gardening Notes", document.Title);
        Assert.Equal("Beatrix Potter", document.Author);
        Assert.Equal(new DateTimeOffset(2021, 6, 1, 0, 0, 0, TimeSpan.Zero), document.CreatedAt);
        Assert.Equal(["Growing Tomatoes", "Soil", "Setext heading"], document.Headings);

        Assert.StartsWith("Growing Tomatoes\n\nTomatoes need full sun and regular watering. See the guide.", text);
        Assert.Contains("Rich compost\nGood drainage", text);
        Assert.Contains("echo \"water daily\"", text);
        Assert.Contains("Plant | Days\nBasil | 60", text);
        Assert.Contains("Inline html text", text);
        Assert.Contains("Final paragraph with code span and & entity.", text);
        Assert.DoesNotContain("alert", text);
        Assert.DoesNotContain("**", text);
        Assert.DoesNotContain("https://example.com", text);
        Assert.DoesNotContain("title:", text);
        Assert.DoesNotContain("\n\n\n", text);
    }

    [Fact]
    public async Task Title_falls_back_to_the_first_h1()
    {
        var document = await Extract("Intro line\n\n## Second level\n\n# The Real Title\n\ntext");
        Assert.Equal("The Real Title", document.Title);
        Assert.Null(document.Author);
    }

    [Fact]
    public async Task Multilingual_text_survives()
    {
        const string sample = "日本語のテキスト 中文文本 العربية Русский текст 😀👨‍👩‍👧";
        var document = await Extract($"# {sample}\n\n{sample}");
        Assert.Equal($"{sample}\n\n{sample}", document.Text);
        Assert.Equal(sample, document.Title);
    }
}

public class PlainTextExtractorTests
{
    private static readonly ExtractionLimits Limits = new();
    private readonly PlainTextExtractor _extractor = new();

    [Fact]
    public async Task Normalises_newlines_and_whitespace_and_strips_control_characters()
    {
        var input = "First   line\r\nsecond\tline\r\n\r\n\r\n\r\nNew paragraph\u0000 with\u0007 junk\u001b.\rOld Mac line\n   \n  Last  ";
        var document = await _extractor.ExtractAsync(Fixtures.Utf8(input), Limits, CancellationToken.None);
        Assert.Equal("First line\nsecond line\n\nNew paragraph with junk.\nOld Mac line\n\nLast", document.Text);
        Assert.Null(document.Title);
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("utf-8-bom")]
    [InlineData("utf-16le")]
    [InlineData("utf-16be")]
    public async Task Decodes_with_bom_detection(string encodingName)
    {
        const string sample = "Grüße 日本語 中文 العربية Русский 😀👨‍👩‍👧 🇫🇷";
        byte[] bytes = encodingName switch
        {
            "utf-8" => Encoding.UTF8.GetBytes(sample),
            "utf-8-bom" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sample)],
            "utf-16le" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(sample)],
            _ => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(sample)],
        };
        var document = await _extractor.ExtractAsync(Fixtures.Stream(bytes), Limits, CancellationToken.None);
        Assert.Equal(sample, document.Text);
    }

    [Fact]
    public async Task Surrogate_pairs_split_across_read_chunks_survive()
    {
        // 32K chars per read: put an emoji across the boundary.
        var text = new string('a', 32 * 1024 - 1) + "😀 end";
        var document = await _extractor.ExtractAsync(Fixtures.Utf8(text), Limits, CancellationToken.None);
        Assert.EndsWith("😀 end", document.Text);
    }

    [Fact]
    public async Task Text_beyond_the_limit_is_rejected()
    {
        var ex = await Assert.ThrowsAsync<DocumentRejectedException>(
            () => _extractor.ExtractAsync(Fixtures.Utf8(new string('x', 1000)), new ExtractionLimits { MaxTextCharacters = 100 }, CancellationToken.None));
        Assert.Contains("the limit is 100", ex.Reason);
    }
}
