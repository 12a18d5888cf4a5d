using Kmt.Core.Common;
using Kmt.Core.Knowledge;
using Kmt.Storage.Cosmos.Knowledge;

namespace Kmt.Storage.Cosmos.Tests;

public class ListQueryBuilderTests
{
    private const string Filters = "c.userId = @u AND c.type = @type AND c.isDeleted = @deleted";

    private static KnowledgeListQuery Query() => new() { UserId = "user-1", Take = 20 };

    [Theory]
    [InlineData(KnowledgeSortField.CreatedAt, "c.createdAt")]
    [InlineData(KnowledgeSortField.UpdatedAt, "c.updatedAt")]
    [InlineData(KnowledgeSortField.AccessedAt, "c.accessedAt")]
    [InlineData(KnowledgeSortField.ImportanceScore, "c.importanceScore")]
    public void Every_sort_orders_by_field_then_id_in_both_directions(KnowledgeSortField sort, string path)
    {
        Assert.Equal($"SELECT {CosmosItemProjection.Preview} FROM c WHERE {Filters} ORDER BY {path} DESC, c.id DESC", CosmosListQueryBuilder.Page(Query() with { Sort = sort }).Text);
        Assert.Equal($"SELECT {CosmosItemProjection.Preview} FROM c WHERE {Filters} ORDER BY {path} ASC, c.id ASC", CosmosListQueryBuilder.Page(Query() with { Sort = sort, Descending = false }).Text);
    }

    [Fact]
    public void Live_items_by_default_and_the_trash_on_request()
    {
        Assert.Equal(false, CosmosListQueryBuilder.Page(Query()).Parameters.Single(p => p.Key == "@deleted").Value);
        Assert.Equal(true, CosmosListQueryBuilder.Page(Query() with { Deleted = true })["@deleted"]);
        Assert.Equal("user-1", CosmosListQueryBuilder.Page(Query())["@u"]);
        Assert.Equal("item", CosmosListQueryBuilder.Page(Query())["@type"]);
    }

    [Fact]
    public void Descending_keyset_continues_below_the_position()
    {
        var after = new KeysetPosition("2025-03-01T10:00:00.0000000Z", "id-9");
        var page = CosmosListQueryBuilder.Page(Query() with { After = after });

        Assert.Equal(
            $"SELECT {CosmosItemProjection.Preview} FROM c WHERE {Filters} AND (c.createdAt < @afterValue OR (c.createdAt = @afterValue AND c.id < @afterId)) ORDER BY c.createdAt DESC, c.id DESC",
            page.Text);
        Assert.Equal("2025-03-01T10:00:00.0000000Z", page["@afterValue"]);
        Assert.Equal("id-9", page["@afterId"]);
    }

    [Fact]
    public void Ascending_keyset_continues_above_the_position_and_a_score_is_a_number()
    {
        var page = CosmosListQueryBuilder.Page(Query() with { Sort = KnowledgeSortField.ImportanceScore, Descending = false, After = new KeysetPosition("0.75", "id-1") });

        Assert.Contains("(c.importanceScore > @afterValue OR (c.importanceScore = @afterValue AND c.id > @afterId))", page.Text);
        Assert.Equal(0.75, page["@afterValue"]);
    }

    [Fact]
    public void A_cursor_time_in_any_offset_is_normalized_to_the_stored_text()
    {
        var page = CosmosListQueryBuilder.Page(Query() with { After = new KeysetPosition("2025-03-01T12:00:00+02:00", "x") });
        Assert.Equal("2025-03-01T10:00:00.0000000Z", page["@afterValue"]);
    }

    [Theory]
    [InlineData(KnowledgeSortField.CreatedAt, "yesterday")]
    [InlineData(KnowledgeSortField.ImportanceScore, "NaN")]
    [InlineData(KnowledgeSortField.ImportanceScore, "abc")]
    public void A_bad_cursor_value_is_a_validation_error(KnowledgeSortField sort, string value)
    {
        var error = Assert.Throws<ValidationException>(() => CosmosListQueryBuilder.Page(Query() with { Sort = sort, After = new KeysetPosition(value, "x") }));
        Assert.Equal("cursor", error.Errors[0].Field);
    }

    [Fact]
    public void Every_filter_is_a_parameter_and_the_tag_filter_uses_tag_prefixes()
    {
        var query = Query() with
        {
            Tag = "science",
            ContentType = "note",
            Archived = false,
            UpdatedSince = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero),
            CreatedAtOrBefore = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero),
        };

        var count = CosmosListQueryBuilder.Count(query);

        Assert.Equal(
            $"SELECT VALUE COUNT(1) FROM c WHERE {Filters} AND c.contentType = @contentType AND c.isArchived = @archived"
            + " AND c.updatedAt >= @updatedSince AND c.createdAt <= @createdAtOrBefore AND ARRAY_CONTAINS(c.tagPrefixes, @tag)",
            count.Text);
        Assert.Equal("science", count["@tag"]);
        Assert.Equal("note", count["@contentType"]);
        Assert.Equal(false, count["@archived"]);
        Assert.Equal("2025-01-01T00:00:00.0000000Z", count["@updatedSince"]);
        Assert.Equal("2025-06-01T00:00:00.0000000Z", count["@createdAtOrBefore"]);
    }

    [Fact]
    public void The_count_ignores_the_keyset_position()
    {
        var count = CosmosListQueryBuilder.Count(Query() with { After = new KeysetPosition("2025-03-01T10:00:00.0000000Z", "id") });
        Assert.Equal($"SELECT VALUE COUNT(1) FROM c WHERE {Filters}", count.Text);
    }

    [Fact]
    public void User_text_never_reaches_the_query_text()
    {
        const string hostile = "x') OR 1=1 --";
        var page = CosmosListQueryBuilder.Page(Query() with { Tag = hostile, ContentType = hostile, After = new KeysetPosition("2025-01-01T00:00:00Z", hostile) });
        Assert.DoesNotContain(hostile, page.Text, StringComparison.Ordinal);
        Assert.Equal(hostile, page["@afterId"]);
    }
}
