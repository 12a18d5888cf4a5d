using Kmt.Core.Import;
using Kmt.Core.Import.Formats;
using static Kmt.Core.Tests.Import.ParserSupport;

namespace Kmt.Core.Tests.Import;

public sealed class KindleClippingsParserTests
{
    // A Kindle writes a BOM, CRLF line ends, US dates on US devices and day-first dates on UK ones.
    private static readonly string Clippings = string.Join("\r\n",
        "\uFEFFThinking, Fast and Slow (Kahneman, Daniel)",
        "- Your Highlight on page 24 | Location 353-355 | Added on Monday, March 15, 2021 6:22:11 PM",
        "",
        "A reliable way to make people believe in falsehoods is frequent repetition.",
        "==========",
        "Thinking, Fast and Slow (Kahneman, Daniel)",
        "- Your Note on Location 355 | Added on Monday, March 15, 2021 6:23:40 PM",
        "",
        "Compare with the illusory truth effect.",
        "==========",
        "The Pragmatic Programmer (Hunt, Andrew;Thomas, David)",
        "- Your Bookmark on Location 1200 | Added on Tuesday, 16 March 2021 07:05:00",
        "",
        "",
        "==========",
        "Meditations (Marcus Aurelius)",
        "- Your Highlight at location 80-81 | Added on Someday, sometime",
        "",
        "You have power over your mind.",
        "==========",
        "");

    [Fact]
    public void Highlights_and_notes_become_notes_of_their_book_at_their_time()
    {
        var records = Parse(KindleClippingsParser.Parse, Clippings);

        Assert.Equal(4, records.Count);
        var highlight = Assert.IsType<CaptureRecord>(records[0]);
        Assert.Equal((1, "Thinking, Fast and Slow"), (highlight.Line!.Value, highlight.Title));
        Assert.Equal(new DateTimeOffset(2021, 3, 15, 18, 22, 11, TimeSpan.Zero), highlight.At);
        Assert.Equal("A reliable way to make people believe in falsehoods is frequent repetition.", highlight.Content);
        Assert.Contains("\"author\":\"Kahneman, Daniel\"", highlight.MetadataJson, StringComparison.Ordinal);
        Assert.Contains("\"location\":\"353-355\"", highlight.MetadataJson, StringComparison.Ordinal);
        Assert.Contains("\"page\":\"24\"", highlight.MetadataJson, StringComparison.Ordinal);

        var note = Assert.IsType<CaptureRecord>(records[1]);
        Assert.Equal(6, note.Line);
        Assert.Contains("\"clipping\":\"note\"", note.MetadataJson, StringComparison.Ordinal);
        Assert.NotEqual(highlight.SourceId, note.SourceId);
    }

    [Fact]
    public void Bookmarks_and_unreadable_dates_are_reported_with_their_line()
    {
        var records = Parse(KindleClippingsParser.Parse, Clippings);

        Assert.Equal((11, "A Kindle bookmark holds no text; it is not imported."), (records[2].Line!.Value, ((FailedRecord)records[2]).Reason));
        var bad = Assert.IsType<FailedRecord>(records[3]);
        Assert.Equal(17, bad.Line);
        Assert.StartsWith("\"Added on Someday, sometime\" is not a date", bad.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_day_first_date_of_a_uk_kindle_is_read()
    {
        var text = "Book (Author)\n- Your Highlight on Location 10-12 | Added on Tuesday, 16 March 2021 07:05:00\n\nText.\n==========\n";

        var record = Assert.IsType<CaptureRecord>(Assert.Single(Parse(KindleClippingsParser.Parse, text)));

        Assert.Equal(new DateTimeOffset(2021, 3, 16, 7, 5, 0, TimeSpan.Zero), record.At);
    }

    [Fact]
    public void A_clipping_without_a_details_line_fails()
    {
        var record = Assert.IsType<FailedRecord>(Assert.Single(Parse(KindleClippingsParser.Parse, "Only a title\n==========\n")));

        Assert.Equal(1, record.Line);
        Assert.StartsWith("A clipping needs a title line and a details line", record.Reason, StringComparison.Ordinal);
    }
}
