using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using Kmt.Core.Knowledge;
using Kmt.Core.Tags;
using Kmt.Core.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;
using Moq;
using static Kmt.Core.Tests.Fakes.TestSupport;

namespace Kmt.Core.Tests.Knowledge;

public class KnowledgeListingTests
{
    private readonly FakeTimeProvider _clock = Clock();
    private readonly InMemoryKnowledgeStore _store = new();
    private readonly KnowledgeService _service;
    private readonly Kmt.Core.Accounts.AuthenticatedUser _caller = Caller();

    public KnowledgeListingTests()
    {
        _service = new KnowledgeService(_store, new Mock<ITagStore>().Object, Limits(), _clock);
    }

    private async Task<List<KnowledgeItem>> SeedAsync(int count, IReadOnlyList<string>? tags = null)
    {
        var items = new List<KnowledgeItem>();
        for (var i = 0; i < count; i++)
        {
            items.Add(await _service.CreateAsync(_caller, new KnowledgeInput($"Item {i}", null, null, null, null, tags, null, null), CancellationToken.None));
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        return items;
    }

    private Task<PagedResult<KnowledgeItem>> ListAsync(KnowledgeListRequest request) => _service.ListAsync(_caller, request, CancellationToken.None);

    [Fact]
    public async Task Defaults_are_newest_first_20_per_page()
    {
        await SeedAsync(3);

        var page = await ListAsync(new KnowledgeListRequest());

        var query = Assert.Single(_store.ListQueries);
        Assert.Equal((KnowledgeSortField.CreatedAt, true, 0, 20, false), (query.Sort, query.Descending, query.Skip, query.Take, query.Deleted));
        Assert.Null(query.CreatedAtOrBefore);
        Assert.Equal(["Item 2", "Item 1", "Item 0"], page.Items.Select(i => i.Title));
        Assert.Equal((1, 20, 3L, 1), (page.Page, page.PerPage, page.Total, page.TotalPages));
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task Filters_are_parsed_and_passed_on()
    {
        await ListAsync(new KnowledgeListRequest(
            Tag: " Science / Physics ", ContentType: "Article", Archived: "TRUE", Deleted: "false", UpdatedSince: "2024-01-01T00:00:00+02:00",
            Sort: "importance_score", Order: "asc", Page: "3", PerPage: "10"));

        var query = Assert.Single(_store.ListQueries);
        Assert.Equal("science/physics", query.Tag);
        Assert.Equal("article", query.ContentType);
        Assert.True(query.Archived);
        Assert.False(query.Deleted);
        Assert.Equal(new DateTimeOffset(2023, 12, 31, 22, 0, 0, TimeSpan.Zero), query.UpdatedSince);
        Assert.Equal(KnowledgeSortField.ImportanceScore, query.Sort);
        Assert.False(query.Descending);
        Assert.Equal(20, query.Skip);
        Assert.Equal(10, query.Take);
        Assert.Null(query.After);
    }

    [Fact]
    public async Task Bad_parameters_are_all_reported_with_their_names()
    {
        var error = await ThrowsValidation(() => ListAsync(new KnowledgeListRequest(
            Tag: "a//b", ContentType: "pdf", Archived: "yes", Deleted: "1", UpdatedSince: "yesterday",
            Sort: "title", Order: "up", Page: "0", PerPage: "101")));

        Assert.Equal(
            ["tag", "updated_since", "content_type", "archived", "deleted", "per_page", "page", "sort", "order"],
            error.Errors.Select(e => e.Field));
    }

    [Theory]
    [InlineData("abc", null)]
    [InlineData("-1", null)]
    [InlineData("1.5", null)]
    [InlineData("99999999999", null)]
    [InlineData(null, "0")]
    [InlineData(null, "x")]
    [InlineData(null, " 1e3 ")]
    public async Task Bad_page_numbers_are_400(string? page, string? perPage)
    {
        var error = await ThrowsValidation(() => ListAsync(new KnowledgeListRequest(Page: page, PerPage: perPage)));

        HasError(error, page is null ? "per_page" : "page");
    }

    [Fact]
    public async Task Per_page_of_100_is_accepted()
    {
        await ListAsync(new KnowledgeListRequest(PerPage: "100"));

        Assert.Equal(100, _store.ListQueries[0].Take);
    }

    [Fact]
    public async Task Cursor_walk_sees_a_stable_snapshot()
    {
        var seeded = await SeedAsync(5);
        var firstPage = await ListAsync(new KnowledgeListRequest(PerPage: "2"));
        Assert.Equal([seeded[4].Id, seeded[3].Id], firstPage.Items.Select(i => i.Id));
        Assert.Equal((5L, 3), (firstPage.Total, firstPage.TotalPages));
        Assert.NotNull(firstPage.NextCursor);

        // Created after the first page: must not shift the walk or change its total.
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await SeedAsync(2);

        var second = await ListAsync(new KnowledgeListRequest(PerPage: "2", Cursor: firstPage.NextCursor));
        var third = await ListAsync(new KnowledgeListRequest(PerPage: "2", Cursor: second.NextCursor));

        Assert.Equal([seeded[2].Id, seeded[1].Id], second.Items.Select(i => i.Id));
        Assert.Equal((2, 5L), (second.Page, second.Total));
        Assert.Equal([seeded[0].Id], third.Items.Select(i => i.Id));
        Assert.Equal(3, third.Page);
        Assert.Null(third.NextCursor);
        Assert.Equal(TestSupport.Start.AddSeconds(5), _store.ListQueries[1].CreatedAtOrBefore);
        Assert.Equal(_store.ListQueries[1].CreatedAtOrBefore, _store.ListQueries[2].CreatedAtOrBefore);
    }

    [Fact]
    public async Task Cursor_overrides_page_sort_and_order()
    {
        await SeedAsync(3);
        var first = await ListAsync(new KnowledgeListRequest(Sort: "updated_at", Order: "asc", PerPage: "1"));

        await ListAsync(new KnowledgeListRequest(Sort: "created_at", Order: "desc", Page: "7", PerPage: "1", Cursor: first.NextCursor));

        var query = _store.ListQueries[^1];
        Assert.Equal((KnowledgeSortField.UpdatedAt, false, 0), (query.Sort, query.Descending, query.Skip));
        Assert.NotNull(query.After);
        Assert.Equal(first.Items[0].Id, query.After!.Id);
    }

    [Fact]
    public async Task Cursor_with_different_filters_is_rejected()
    {
        await SeedAsync(3, tags: ["science"]);
        var first = await ListAsync(new KnowledgeListRequest(Tag: "science", PerPage: "1"));

        var error = await ThrowsValidation(() => ListAsync(new KnowledgeListRequest(Tag: "art", PerPage: "1", Cursor: first.NextCursor)));

        HasError(error, "cursor", "filters");
        await ListAsync(new KnowledgeListRequest(Tag: " SCIENCE ", PerPage: "1", Cursor: first.NextCursor)); // same after normalizing
    }

    [Fact]
    public async Task Another_users_cursor_is_rejected()
    {
        await SeedAsync(3);
        var first = await ListAsync(new KnowledgeListRequest(PerPage: "1"));

        var error = await ThrowsValidation(() => _service.ListAsync(Caller(), new KnowledgeListRequest(PerPage: "1", Cursor: first.NextCursor), CancellationToken.None));

        HasError(error, "cursor");
    }

    [Theory]
    [InlineData("garbage!!")]
    [InlineData("eyJ4IjoxfQ")] // {"x":1}
    [InlineData("bm90IGpzb24")] // not json
    [InlineData("W10")] // []
    [InlineData("bnVsbA")] // null
    public async Task Garbled_cursor_is_400(string cursor)
    {
        var error = await ThrowsValidation(() => ListAsync(new KnowledgeListRequest(Cursor: cursor)));

        HasError(error, "cursor", "not valid");
    }

    [Fact]
    public async Task Tampered_cursor_fields_are_rejected()
    {
        await SeedAsync(3);
        var first = await ListAsync(new KnowledgeListRequest(PerPage: "1"));
        var json = JsonNode.Parse(Base64Url.DecodeFromChars(first.NextCursor!))!.AsObject();

        foreach (var (field, value) in new (string, JsonNode?)[] { ("s", "title"), ("o", "sideways"), ("i", "1 OR 1=1"), ("p", 0), ("v", null) })
        {
            var copy = JsonNode.Parse(json.ToJsonString())!.AsObject();
            copy[field] = value;
            var tampered = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(copy.ToJsonString()));

            var error = await ThrowsValidation(() => ListAsync(new KnowledgeListRequest(PerPage: "1", Cursor: tampered)));
            HasError(error, "cursor");
        }
    }

    [Fact]
    public async Task Total_pages_is_zero_for_no_items_and_rounds_up()
    {
        Assert.Equal(0, (await ListAsync(new KnowledgeListRequest())).TotalPages);

        await SeedAsync(21);
        Assert.Equal(2, (await ListAsync(new KnowledgeListRequest())).TotalPages);
        Assert.Equal(1, (await ListAsync(new KnowledgeListRequest(PerPage: "21"))).TotalPages);
    }

    [Fact]
    public async Task Plain_page_numbers_use_offsets_without_a_snapshot()
    {
        await SeedAsync(5);

        var page = await ListAsync(new KnowledgeListRequest(Page: "2", PerPage: "2"));

        Assert.Equal(["Item 2", "Item 1"], page.Items.Select(i => i.Title));
        Assert.Equal(2, page.Page);
        Assert.Null(_store.ListQueries[0].CreatedAtOrBefore);
        var next = await ListAsync(new KnowledgeListRequest(PerPage: "2", Cursor: page.NextCursor));
        Assert.Equal(["Item 0"], next.Items.Select(i => i.Title));
        Assert.Equal(3, next.Page);
    }
}
