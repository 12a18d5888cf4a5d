using Kmt.Core.Import;
using Kmt.Core.Import.Formats;
using static Kmt.Core.Tests.Import.ParserSupport;

namespace Kmt.Core.Tests.Import;

public sealed class BookmarksHtmlParserTests
{
    // What Firefox and Chrome export (Netscape bookmark file): nested folders, ICON data, TAGS, a DD description.
    private const string Export = """
        <!DOCTYPE NETSCAPE-Bookmark-file-1>
        <!-- This is an automatically generated file.
             It will be read and overwritten.
             DO NOT EDIT! -->
        <META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
        <TITLE>Bookmarks</TITLE>
        <H1>Bookmarks Menu</H1>
        <DL><p>
            <DT><H3 ADD_DATE="1600000000" LAST_MODIFIED="1600000100">Reading &amp; Research</H3>
            <DL><p>
                <DT><A HREF="https://distill.pub/2016/augmented-rnns/" ADD_DATE="1615832531" LAST_MODIFIED="1615832531" ICON="data:image/png;base64,iVBORw0KGgo=" TAGS="ml,Deep Learning">Attention and Augmented Recurrent Neural Networks</A>
                <DD>Olah &amp; Carter on attention.
                <DT><H3 ADD_DATE="1600000000">Papers</H3>
                <DL><p>
                    <DT><A HREF="https://arxiv.org/abs/1706.03762" ADD_DATE="1615900000000">Attention Is All You Need</A>
                </DL><p>
            </DL><p>
            <DT><A HREF="https://example.org/no-date">No date</A>
            <DT><A HREF="https://news.ycombinator.com/" ADD_DATE="1500000000">Hacker News</A>
        </DL>
        """;

    [Fact]
    public void Each_link_becomes_a_bookmark_at_its_add_date_with_its_folder_and_tags()
    {
        var records = Parse(BookmarksHtmlParser.Parse, Export);

        Assert.Equal(4, records.Count);
        var distill = Assert.IsType<CaptureRecord>(records[0]);
        Assert.Equal(("Attention and Augmented Recurrent Neural Networks", "bookmark", "https://distill.pub/2016/augmented-rnns/"), (distill.Title, distill.ContentType, distill.SourceUrl));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1615832531), distill.At);
        Assert.Equal("Olah & Carter on attention.", distill.Content);
        Assert.Equal(["ml", "deep-learning"], distill.Tags);
        Assert.Contains("\"folder\":\"Reading \\u0026 Research\"", distill.MetadataJson, StringComparison.Ordinal);
        Assert.Equal(11, distill.Line);

        var paper = Assert.IsType<CaptureRecord>(records[1]);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1615900000), paper.At); // milliseconds, as some browsers write
        Assert.Contains("\"folder\":\"Reading \\u0026 Research / Papers\"", paper.MetadataJson, StringComparison.Ordinal);

        Assert.Equal((18, "The bookmark has no ADD_DATE (Unix seconds); its time is what an import keeps."), (records[2].Line!.Value, ((FailedRecord)records[2]).Reason));
        var hn = Assert.IsType<CaptureRecord>(records[3]);
        Assert.Equal(("Hacker News", ""), (hn.Title, hn.Content));
        Assert.DoesNotContain("folder\":\"", hn.MetadataJson, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_url_has_the_same_source_id()
    {
        var twice = Export + "\n<DT><A HREF=\"https://news.ycombinator.com/\" ADD_DATE=\"1600000000\">HN again</A>\n";

        var links = Parse(BookmarksHtmlParser.Parse, twice).OfType<CaptureRecord>().Where(r => r.SourceUrl == "https://news.ycombinator.com/").ToList();

        Assert.Equal(2, links.Count);
        Assert.Equal(links[0].SourceId, links[1].SourceId);
    }

    [Theory]
    [InlineData("1615832531", 1615832531L)]
    [InlineData("1615832531000", 1615832531L)]
    [InlineData("1615832531000000", 1615832531L)]
    public void Add_dates_in_seconds_milliseconds_and_microseconds_are_read(string raw, long seconds)
    {
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(seconds), BookmarksHtmlParser.ParseAddDate(raw));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("0")]
    public void A_missing_or_unreadable_add_date_is_none(string? raw)
    {
        Assert.Null(BookmarksHtmlParser.ParseAddDate(raw));
    }
}
