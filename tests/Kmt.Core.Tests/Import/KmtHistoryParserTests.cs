using Kmt.Core.Import;
using Kmt.Core.Import.Formats;
using static Kmt.Core.Tests.Import.ParserSupport;

namespace Kmt.Core.Tests.Import;

public sealed class KmtHistoryParserTests
{
    private const string History = """
        {"type":"capture","at":"2024-03-01T08:15:00Z","source_id":"pocket-8812","title":"Attention Is All You Need","content":"The dominant sequence transduction models...","content_type":"paper","source_url":"https://arxiv.org/abs/1706.03762","tags":["ml/transformers","papers"]}
        {"type":"read","at":"2024-03-02T21:40:00+01:00","source_id":"pocket-8812","duration_seconds":1260,"completion_percentage":85.5}

        {"type":"search","at":"2024-03-03T09:00:00Z","query":"positional encoding"}
        """;

    [Fact]
    public void Every_event_type_is_read_with_its_time_in_utc_and_blank_lines_are_ignored()
    {
        var records = Parse(KmtHistoryParser.Parse, History);

        Assert.Equal(3, records.Count);
        var capture = Assert.IsType<CaptureRecord>(records[0]);
        Assert.Equal(1, capture.Line);
        Assert.Equal("pocket-8812", capture.SourceId);
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 8, 15, 0, TimeSpan.Zero), capture.At);
        Assert.Equal("paper", capture.ContentType);
        Assert.Equal("https://arxiv.org/abs/1706.03762", capture.SourceUrl);
        Assert.Equal(["ml/transformers", "papers"], capture.Tags);

        var read = Assert.IsType<ReadRecord>(records[1]);
        Assert.Equal(new DateTimeOffset(2024, 3, 2, 20, 40, 0, TimeSpan.Zero), read.At);
        Assert.Equal(TimeSpan.Zero, read.At.Offset);
        Assert.Equal(1260, read.DurationSeconds);
        Assert.Equal(85.5, read.CompletionPercentage);

        var search = Assert.IsType<SearchRecord>(records[2]);
        Assert.Equal(4, search.Line);
        Assert.Equal("positional encoding", search.Query);
    }

    [Theory]
    [InlineData("{\"type\":\"capture\",\"at\":\"2024-03-01T08:15:00Z\",\"source_id\":\"x\",\"title\":\"t\"", "The line is not valid JSON")]
    [InlineData("""["capture"]""", "Each line must be a JSON object.")]
    [InlineData("""{"type":"like","at":"2024-03-01T08:15:00Z"}""", "type must be capture, read or search.")]
    [InlineData("""{"at":"2024-03-01T08:15:00Z","query":"q"}""", "type is required.")]
    [InlineData("""{"type":"search","at":"2024-03-01 08:15","query":"q"}""", "at must be an ISO-8601 UTC time")]
    [InlineData("""{"type":"search","at":"2024-03-01T08:15:00","query":"q"}""", "at must be an ISO-8601 UTC time")]
    [InlineData("""{"type":"search","at":"2030-01-01T00:00:00Z","query":"q"}""", "at is in the future.")]
    [InlineData("""{"type":"search","at":"2024-03-01T08:15:00Z"}""", "query is required.")]
    [InlineData("""{"type":"capture","at":"2024-03-01T08:15:00Z","title":"t","content":""}""", "source_id is required.")]
    [InlineData("""{"type":"capture","at":"2024-03-01T08:15:00Z","source_id":"x","content":"c"}""", "title is required.")]
    [InlineData("""{"type":"capture","at":"2024-03-01T08:15:00Z","source_id":"x","title":"t"}""", "content is required.")]
    [InlineData("""{"type":"capture","at":"2024-03-01T08:15:00Z","source_id":"x","title":"t","content":"","tags":"a,b"}""", "tags must be an array of strings.")]
    [InlineData("""{"type":"capture","at":"2024-03-01T08:15:00Z","source_id":42,"title":"t","content":""}""", "source_id must be a string.")]
    [InlineData("""{"type":"read","at":"2024-03-01T08:15:00Z","source_id":"x","duration_seconds":12.5,"completion_percentage":50}""", "duration_seconds must be a whole number.")]
    [InlineData("""{"type":"read","at":"2024-03-01T08:15:00Z","source_id":"x","duration_seconds":60,"completion_percentage":120}""", "completion_percentage must be between 0 and 100.")]
    [InlineData("""{"type":"read","at":"2024-03-01T08:15:00Z","source_id":"x","completion_percentage":50}""", "duration_seconds is required.")]
    public void A_bad_line_fails_alone_with_its_number_and_reason(string bad, string reason)
    {
        var text = """{"type":"search","at":"2024-03-01T08:00:00Z","query":"ok"}""" + "\n" + bad + "\n" + """{"type":"search","at":"2024-03-01T09:00:00Z","query":"also ok"}""";

        var records = Parse(KmtHistoryParser.Parse, text);

        Assert.Equal(3, records.Count);
        Assert.IsType<SearchRecord>(records[0]);
        var failed = Assert.IsType<FailedRecord>(records[1]);
        Assert.Equal(2, failed.Line);
        Assert.StartsWith(reason, failed.Reason, StringComparison.Ordinal);
        Assert.IsType<SearchRecord>(records[2]);
    }

    [Fact]
    public void Limits_on_line_length_and_source_id_length_come_from_the_options()
    {
        var longLine = "{\"type\":\"search\",\"at\":\"2024-03-01T08:00:00Z\",\"query\":\"" + new string('q', 300) + "\"}";
        var longId = "{\"type\":\"capture\",\"at\":\"2024-03-01T08:00:00Z\",\"source_id\":\"" + new string('s', 21) + "\",\"title\":\"t\",\"content\":\"\"}";
        var context = Context(o =>
        {
            o.MaxLineCharacters = 200;
            o.SourceIdMaxLength = 20;
        });

        var records = Parse(KmtHistoryParser.Parse, longLine + "\r\n" + longId + "\r\n", context);

        Assert.Equal("The line is longer than 200 characters.", Assert.IsType<FailedRecord>(records[0]).Reason);
        Assert.Equal((2, "source_id must be at most 20 characters."), (records[1].Line!.Value, ((FailedRecord)records[1]).Reason));
    }

    [Fact]
    public void A_byte_order_mark_does_not_spoil_the_first_line()
    {
        var records = Parse(KmtHistoryParser.Parse, "\uFEFF" + """{"type":"search","at":"2024-03-01T08:00:00Z","query":"bom"}""");

        Assert.Equal("bom", Assert.IsType<SearchRecord>(Assert.Single(records)).Query);
    }
}
