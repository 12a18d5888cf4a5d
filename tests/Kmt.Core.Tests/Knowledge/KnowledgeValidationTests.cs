using Kmt.Core.Common;
using Kmt.Core.Knowledge;
using Kmt.Core.Tags;
using Kmt.Core.Tests.Fakes;
using Moq;
using static Kmt.Core.Tests.Fakes.TestSupport;

namespace Kmt.Core.Tests.Knowledge;

public class KnowledgeValidationTests
{
    private readonly InMemoryKnowledgeStore _store = new();
    private readonly Mock<ITagStore> _tags = new();
    private readonly KnowledgeService _service;
    private readonly Kmt.Core.Accounts.AuthenticatedUser _caller = Caller();

    public KnowledgeValidationTests()
    {
        _service = new KnowledgeService(_store, _tags.Object, Limits(), Clock());
    }

    private static KnowledgeInput Input(
        string? title = "A title", string? content = null, string? contentType = null, string? sourceUrl = null, string? sourceType = null,
        IReadOnlyList<string>? tags = null, string? metadata = null, bool? archived = null) =>
        new(title, content, contentType, sourceUrl, sourceType, tags, metadata is null ? null : Json(metadata), archived);

    private Task<KnowledgeItem> Create(KnowledgeInput input) => _service.CreateAsync(_caller, input, CancellationToken.None);

    private async Task<ValidationException> Invalid(KnowledgeInput input)
    {
        var error = await ThrowsValidation(() => Create(input));
        Assert.Empty(_store.Items);
        return error;
    }

    [Fact]
    public async Task Defaults_apply_to_omitted_fields()
    {
        var item = await Create(Input(title: "  Machine Learning Best Practices  "));

        Assert.Equal("Machine Learning Best Practices", item.Title);
        Assert.Equal("", item.Content);
        Assert.Equal("text", item.ContentType);
        Assert.Null(item.SourceUrl);
        Assert.Empty(item.Tags);
        Assert.Equal("{}", item.MetadataJson);
        Assert.False(item.IsArchived);
        Assert.Equal(1, item.Version);
        Assert.Equal(TestSupport.Start, item.CreatedAt);
        Assert.Equal(item.CreatedAt, item.AccessedAt);
        Assert.Equal(_caller.UserId, item.UserId);
        Assert.True(Ids.IsWellFormed(item.Id));
    }

    [Fact]
    public async Task The_seed_example_is_accepted()
    {
        var item = await Create(new KnowledgeInput(
            "Machine Learning Best Practices",
            "Key principles for successful ML projects...",
            "article",
            "https://example.com/ml-best-practices",
            null,
            ["machine-learning", "best-practices", "data-science"],
            Json("""{"reading_time_minutes": 15, "difficulty_level": "intermediate"}"""),
            null));

        Assert.Equal(["machine-learning", "best-practices", "data-science"], item.Tags);
        Assert.Equal("""{"reading_time_minutes":15,"difficulty_level":"intermediate"}""", item.MetadataJson);
        Assert.Equal(6, item.WordCount);
        _tags.Verify(t => t.EnsureExistAsync(_caller.UserId, It.Is<IReadOnlyCollection<string>>(n => n.Count == 3), "#6366f1", TestSupport.Start, It.IsAny<CancellationToken>()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Title_is_required(string? title)
    {
        HasError(await Invalid(Input(title: title)), "title", "required");
    }

    [Fact]
    public async Task Title_of_500_characters_is_accepted_and_501_rejected()
    {
        await Create(Input(title: new string('t', 500)));

        HasError(await ThrowsValidation(() => Create(Input(title: new string('t', 501)))), "title", "500");
    }

    [Fact]
    public async Task Content_of_50000_characters_is_accepted_and_50001_rejected()
    {
        await Create(Input(content: new string('c', 50_000)));

        HasError(await ThrowsValidation(() => Create(Input(content: new string('c', 50_001)))), "content", "50000");
    }

    [Theory]
    [InlineData("pdf")]
    [InlineData("text/html")]
    [InlineData("<script>")]
    public async Task Unknown_content_types_are_rejected(string contentType)
    {
        HasError(await Invalid(Input(contentType: contentType)), "content_type", "markdown");
    }

    [Fact]
    public async Task Content_type_is_case_insensitive()
    {
        Assert.Equal("markdown", (await Create(Input(contentType: " Markdown "))).ContentType);
    }

    [Theory]
    [InlineData("example.com/page")]
    [InlineData("/relative/path")]
    [InlineData("javascript:alert(1)")]
    [InlineData("ftp://example.com/file")]
    [InlineData("file:///etc/passwd")]
    [InlineData("http://")]
    public async Task Source_url_must_be_absolute_http(string url)
    {
        HasError(await Invalid(Input(sourceUrl: url)), "source_url");
    }

    [Fact]
    public async Task Source_url_length_is_limited()
    {
        var url = "https://example.com/" + new string('a', 2048);

        HasError(await Invalid(Input(sourceUrl: url)), "source_url", "2048");
    }

    [Fact]
    public async Task Source_type_over_50_characters_is_rejected()
    {
        await Create(Input(sourceType: new string('s', 50)));

        HasError(await ThrowsValidation(() => Create(Input(sourceType: new string('s', 51)))), "source_type");
    }

    [Fact]
    public async Task Tags_are_normalized_and_deduplicated()
    {
        var item = await Create(Input(tags: [" Machine  Learning ", "machine-learning", "Science / Physics", "C++"]));

        Assert.Equal(["machine-learning", "science/physics", "c++"], item.Tags);
    }

    [Fact]
    public async Task Each_bad_tag_is_reported_with_its_index()
    {
        var error = await Invalid(Input(tags: ["ok", "", "a//b", new string('x', 51), "bad,comma"]));

        HasError(error, "tags[1]");
        HasError(error, "tags[2]");
        HasError(error, "tags[3]", "50");
        HasError(error, "tags[4]");
        Assert.DoesNotContain(error.Errors, e => e.Field == "tags[0]");
    }

    [Fact]
    public async Task A_tag_of_50_characters_is_accepted()
    {
        var item = await Create(Input(tags: [new string('x', 50)]));

        Assert.Equal(50, item.Tags[0].Length);
    }

    [Fact]
    public async Task At_most_50_tags()
    {
        await Create(Input(tags: Enumerable.Range(0, 50).Select(i => $"t{i}").ToList()));

        HasError(await ThrowsValidation(() => Create(Input(tags: Enumerable.Range(0, 51).Select(i => $"t{i}").ToList()))), "tags", "50");
    }

    [Theory]
    [InlineData("[1]")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    public async Task Metadata_must_be_an_object(string json)
    {
        HasError(await Invalid(Input(metadata: json)), "metadata", "object");
    }

    [Fact]
    public async Task Metadata_size_is_limited()
    {
        var service = new KnowledgeService(_store, _tags.Object, Limits(l => l.MetadataMaxBytes = 20), Clock());

        await service.CreateAsync(_caller, Input(metadata: """{ "k" :   "0123456789" }"""), CancellationToken.None); // 18 bytes compact
        var error = await ThrowsValidation(() => service.CreateAsync(_caller, Input(metadata: """{"k":"01234567890123"}"""), CancellationToken.None));

        HasError(error, "metadata", "20 bytes");
    }

    [Fact]
    public async Task Json_null_metadata_means_none()
    {
        Assert.Equal("{}", (await Create(Input(metadata: "null"))).MetadataJson);
    }

    [Fact]
    public async Task Every_problem_is_reported_at_once()
    {
        var error = await Invalid(new KnowledgeInput(
            "", new string('c', 50_001), "pdf", "not a url", new string('s', 51), ["ok", "a//b"], Json("[]"), null));

        Assert.Equal(["title", "content", "content_type", "source_url", "source_type", "tags[1]", "metadata"], error.Errors.Select(e => e.Field));
        Assert.Equal("VALIDATION_ERROR", error.Code.ToWireName());
    }

    [Fact]
    public async Task Html_is_sanitized_but_keeps_ordinary_formatting()
    {
        const string html = """
            <h1>Title</h1><p onclick="steal()">Some <b>bold</b> and <i>italic</i> text</p>
            <script>alert('x')</script>
            <a href="javascript:alert(1)">bad link</a> <a href="https://example.com">good link</a>
            <img src="x" onerror="alert(1)"><ul><li>one</li></ul>
            """;

        var item = await Create(Input(content: html, contentType: "HTML"));

        Assert.DoesNotContain("<script", item.Content, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("alert", item.Content, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick", item.Content, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", item.Content, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", item.Content, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<b>bold</b>", item.Content);
        Assert.Contains("<h1>Title</h1>", item.Content);
        Assert.Contains("<li>one</li>", item.Content);
        Assert.Contains("href=\"https://example.com\"", item.Content);
    }

    [Fact]
    public async Task Non_html_content_is_stored_verbatim()
    {
        const string markdown = "# Title\n\n<script>not html here</script> **bold**";

        var item = await Create(Input(content: markdown, contentType: "markdown"));

        Assert.Equal(markdown, item.Content);
    }

    [Theory]
    [InlineData("text", "one two  three\n\tfour", 4)]
    [InlineData("markdown", "# Heading - with | pipes\n\n* item", 4)]
    [InlineData("html", "<p>one</p><p>two&nbsp;three</p><br/>four", 4)]
    [InlineData("html", "<p>caf&eacute; au lait</p>", 3)]
    [InlineData("text", "", 0)]
    [InlineData("text", "  lead\u00A0and trail  ", 3)]
    [InlineData("text", "- # |", 0)]
    [InlineData("text", "end", 1)]
    public async Task Word_count_counts_visible_words(string contentType, string content, int expected)
    {
        Assert.Equal(expected, (await Create(Input(content: content, contentType: contentType))).WordCount);
    }
}
