using Kmt.Core.Common;
using Kmt.Core.Knowledge;

namespace Kmt.Storage.Embedded.Tests;

public sealed class KnowledgeListTests : TestDatabase
{
    private const string User = "user-a";

    [Fact]
    public async Task Tag_filter_includes_descendants_but_not_look_alikes()
    {
        var exact = await AddItemAsync(User, "exact", tags: ["science"]);
        var child = await AddItemAsync(User, "child", tags: ["art", "science/physics"]);
        var grandChild = await AddItemAsync(User, "grandchild", tags: ["science/physics/quantum"]);
        await AddItemAsync(User, "fiction", tags: ["science-fiction"]);
        await AddItemAsync(User, "foo", tags: ["sciencefoo"]);
        await AddItemAsync(User, "wildcard", tags: ["science_x", "scienc%"]);
        await AddItemAsync(User, "none");

        var page = await Items.ListAsync(new KnowledgeListQuery { UserId = User, Tag = "science", Take = 50 }, Ct);

        Assert.Equal(3, page.Total);
        Assert.Equal(new[] { exact.Id, child.Id, grandChild.Id }.Order(), page.Items.Select(i => i.Id).Order());

        var physics = await Items.ListAsync(new KnowledgeListQuery { UserId = User, Tag = "science/physics", Take = 50 }, Ct);
        Assert.Equal(new[] { child.Id, grandChild.Id }.Order(), physics.Items.Select(i => i.Id).Order());
        Assert.Equal(0, (await Items.ListAsync(new KnowledgeListQuery { UserId = User, Tag = "scien", Take = 50 }, Ct)).Total);
    }

    [Fact]
    public async Task Filters_on_content_type_archived_deleted_updated_since_and_snapshot()
    {
        var note = await AddItemAsync(User, "note", createdAt: T0);
        var article = await AddItemAsync(User, "article", createdAt: T0.AddDays(1), contentType: "article");
        var archived = await AddItemAsync(User, "archived", createdAt: T0.AddDays(2));
        await Items.ReplaceAsync(archived with { IsArchived = true, UpdatedAt = T0.AddDays(5), ETag = ETags.New() }, archived.ETag, null, Ct);
        var trashed = await AddItemAsync(User, "trashed", createdAt: T0.AddDays(3));
        await Items.ReplaceAsync(trashed with { DeletedAt = T0.AddDays(4), ETag = ETags.New() }, trashed.ETag, null, Ct);

        async Task<string[]> Titles(KnowledgeListQuery q) => (await Items.ListAsync(q, Ct)).Items.Select(i => i.Title).Order().ToArray();
        var all = new KnowledgeListQuery { UserId = User, Take = 50 };

        Assert.Equal(["archived", "article", "note"], await Titles(all));
        Assert.Equal(["article"], await Titles(all with { ContentType = "article" }));
        Assert.Equal(["archived"], await Titles(all with { Archived = true }));
        Assert.Equal(["article", "note"], await Titles(all with { Archived = false }));
        Assert.Equal(["trashed"], await Titles(all with { Deleted = true }));
        Assert.Equal(["archived"], await Titles(all with { UpdatedSince = T0.AddDays(5) }));
        Assert.Equal(["article", "note"], await Titles(all with { CreatedAtOrBefore = T0.AddDays(1) }));
        Assert.Equal(note.Id, (await Items.ListAsync(all with { CreatedAtOrBefore = T0 }, Ct)).Items.Single().Id);
        Assert.NotNull(article);
    }

    public static TheoryData<KnowledgeSortField, bool> Sorts()
    {
        var data = new TheoryData<KnowledgeSortField, bool>();
        foreach (var field in Enum.GetValues<KnowledgeSortField>())
        {
            data.Add(field, true);
            data.Add(field, false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Sorts))]
    public async Task Every_sort_orders_with_id_tiebreak_and_keyset_walk_has_no_gaps_or_duplicates(KnowledgeSortField sort, bool descending)
    {
        // Ties on purpose: several items share each sort value.
        var items = new List<KnowledgeItem>();
        for (var i = 0; i < 23; i++)
        {
            var item = NewItem(User, "item " + i, createdAt: T0.AddMinutes(i % 5), importance: (i % 4) / 3.0) with
            {
                UpdatedAt = T0.AddHours(i % 3),
                AccessedAt = T0.AddDays(i % 6),
            };
            await Items.CreateAsync(item, Ct);
            items.Add(item);
        }

        var expected = Order(items, sort, descending).Select(i => i.Id).ToList();

        var walked = new List<string>();
        KeysetPosition? after = null;
        var pages = 0;
        do
        {
            var page = await Items.ListAsync(new KnowledgeListQuery { UserId = User, Sort = sort, Descending = descending, After = after, Take = 5 }, Ct);
            Assert.Equal(23, page.Total);
            walked.AddRange(page.Items.Select(i => i.Id));
            after = page.Next;
            pages++;
        }
        while (after is not null && pages < 20);

        Assert.Equal(5, pages);
        Assert.Equal(expected, walked);

        // Offset paging gives the same order.
        var second = await Items.ListAsync(new KnowledgeListQuery { UserId = User, Sort = sort, Descending = descending, Skip = 5, Take = 5 }, Ct);
        Assert.Equal(expected.Skip(5).Take(5), second.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task Keyset_walk_with_snapshot_ignores_items_created_meanwhile()
    {
        for (var i = 0; i < 12; i++)
        {
            await AddItemAsync(User, "old " + i, createdAt: T0.AddMinutes(i));
        }

        var snapshot = T0.AddMinutes(11);
        var walked = new List<string>();
        KeysetPosition? after = null;
        var added = 0;
        do
        {
            var page = await Items.ListAsync(new KnowledgeListQuery { UserId = User, After = after, Take = 5, CreatedAtOrBefore = snapshot }, Ct);
            Assert.Equal(12, page.Total);
            walked.AddRange(page.Items.Select(i => i.Title));
            after = page.Next;

            // New items arrive between pages (newer than the snapshot, as new items are).
            await AddItemAsync(User, "new " + added, createdAt: T0.AddHours(1 + added));
            added++;
        }
        while (after is not null);

        Assert.Equal(Enumerable.Range(0, 12).Reverse().Select(i => "old " + i), walked);
    }

    [Fact]
    public async Task Keyset_walk_without_snapshot_has_no_duplicates_when_newer_items_arrive()
    {
        for (var i = 0; i < 10; i++)
        {
            await AddItemAsync(User, "old " + i, createdAt: T0.AddMinutes(i));
        }

        var walked = new List<string>();
        KeysetPosition? after = null;
        var added = 0;
        do
        {
            var page = await Items.ListAsync(new KnowledgeListQuery { UserId = User, After = after, Take = 3 }, Ct);
            walked.AddRange(page.Items.Select(i => i.Title));
            after = page.Next;
            await AddItemAsync(User, "new " + added++, createdAt: T0.AddHours(1));
        }
        while (after is not null);

        Assert.Equal(Enumerable.Range(0, 10).Reverse().Select(i => "old " + i), walked);
    }

    [Fact]
    public async Task Last_page_has_no_next_and_exact_page_boundary_too()
    {
        for (var i = 0; i < 4; i++)
        {
            await AddItemAsync(User, "i" + i, createdAt: T0.AddMinutes(i));
        }

        var first = await Items.ListAsync(new KnowledgeListQuery { UserId = User, Take = 2 }, Ct);
        Assert.NotNull(first.Next);
        Assert.Equal(first.Items[^1].Id, first.Next.Id);
        var second = await Items.ListAsync(new KnowledgeListQuery { UserId = User, Take = 2, After = first.Next }, Ct);
        Assert.Equal(2, second.Items.Count);
        Assert.Null(second.Next);
    }

    [Fact]
    public async Task A_malformed_cursor_value_is_a_validation_error()
    {
        await AddItemAsync(User, "x");
        var ex = await Assert.ThrowsAsync<ValidationException>(() => Items.ListAsync(
            new KnowledgeListQuery { UserId = User, Sort = KnowledgeSortField.ImportanceScore, After = new KeysetPosition("'; DROP TABLE x", Ids.New()), Take = 2 }, Ct));
        Assert.Equal("cursor", ex.Errors[0].Field);
    }

    private static IEnumerable<KnowledgeItem> Order(IEnumerable<KnowledgeItem> items, KnowledgeSortField sort, bool descending)
    {
        Func<KnowledgeItem, IComparable> key = sort switch
        {
            KnowledgeSortField.CreatedAt => i => i.CreatedAt,
            KnowledgeSortField.UpdatedAt => i => i.UpdatedAt,
            KnowledgeSortField.AccessedAt => i => i.AccessedAt,
            _ => i => i.ImportanceScore,
        };
        return descending
            ? items.OrderByDescending(key).ThenByDescending(i => i.Id, StringComparer.Ordinal)
            : items.OrderBy(key).ThenBy(i => i.Id, StringComparer.Ordinal);
    }
}
