using Kmt.Core.Import;
using Kmt.Core.Import.Formats;
using static Kmt.Core.Tests.Import.ParserSupport;

namespace Kmt.Core.Tests.Import;

public sealed class ReadwiseCsvParserTests
{
    // As Readwise writes it: every column present, quoted fields with commas, quotes and line breaks.
    private const string Export = """
        Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,Location,Highlighted at,Document tags
        "The most important thing is to keep the most important thing the most important thing.",Deep Work,Cal Newport,B00X47ZVXM,,yellow,focus,location,1423,2021-03-15 18:22:11+00:00,productivity
        "Clarity about what matters provides clarity about what does not.
        That is the whole trick, really.",Deep Work,Cal Newport,B00X47ZVXM,"See also ""Essentialism"", p. 12",blue,"focus,Big Ideas",location,1502,2021-03-16 07:05:00+00:00,
        "A highlight with no time",Deep Work,Cal Newport,B00X47ZVXM,,,,location,1600,,
        ,Deep Work,Cal Newport,B00X47ZVXM,,,,location,1700,2021-03-17 07:05:00+00:00,
        """;

    [Fact]
    public void Each_highlight_becomes_a_note_of_its_book_at_its_highlight_time()
    {
        var records = Parse(ReadwiseCsvParser.Parse, Export);

        Assert.Equal(4, records.Count);
        var first = Assert.IsType<CaptureRecord>(records[0]);
        Assert.Equal((2, "Deep Work", "note"), (first.Line!.Value, first.Title, first.ContentType));
        Assert.Equal(new DateTimeOffset(2021, 3, 15, 18, 22, 11, TimeSpan.Zero), first.At);
        Assert.Equal(["focus", "productivity"], first.Tags);
        Assert.Contains("\"author\":\"Cal Newport\"", first.MetadataJson, StringComparison.Ordinal);
        Assert.StartsWith("readwise:", first.SourceId, StringComparison.Ordinal);

        var second = Assert.IsType<CaptureRecord>(records[1]);
        Assert.Equal(3, second.Line);
        Assert.Equal("Clarity about what matters provides clarity about what does not.\nThat is the whole trick, really.\n\nNote: See also \"Essentialism\", p. 12", second.Content.ReplaceLineEndings("\n"));
        Assert.Equal(["focus", "big-ideas"], second.Tags);
        Assert.NotEqual(first.SourceId, second.SourceId);

        Assert.Equal((5, "Highlighted at is empty: the highlight's time is what an import keeps, so it is not imported without one."), (records[2].Line!.Value, ((FailedRecord)records[2]).Reason));
        Assert.Equal((6, "Highlight is empty."), (records[3].Line!.Value, ((FailedRecord)records[3]).Reason));
    }

    [Fact]
    public void The_same_highlight_gets_the_same_source_id_every_time()
    {
        var once = Parse(ReadwiseCsvParser.Parse, Export).OfType<CaptureRecord>().Select(r => r.SourceId);
        var again = Parse(ReadwiseCsvParser.Parse, Export).OfType<CaptureRecord>().Select(r => r.SourceId);

        Assert.Equal(once, again);
    }

    [Fact]
    public void A_file_without_the_readwise_header_is_refused_as_a_whole()
    {
        var ex = Assert.Throws<ImportFileException>(() => Parse(ReadwiseCsvParser.Parse, "title,url\nA,https://example.org\n"));

        Assert.Contains("Highlight, Book Title and Highlighted at", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_over_the_line_limit_fails_alone()
    {
        var text = "Highlight,Book Title,Highlighted at\n\"" + new string('x', 500) + "\",Book,2021-03-15 18:22:11+00:00\nShort,Book,2021-03-15 18:22:11+00:00\n";

        var records = Parse(ReadwiseCsvParser.Parse, text, Context(o => o.MaxLineCharacters = 100));

        Assert.Equal("The row is longer than 100 characters.", Assert.IsType<FailedRecord>(records[0]).Reason);
        Assert.Equal((3, "Short"), (records[1].Line!.Value, ((CaptureRecord)records[1]).Content));
    }
}
