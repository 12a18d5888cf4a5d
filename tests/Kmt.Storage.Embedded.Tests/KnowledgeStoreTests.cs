using Kmt.Core.Common;
using Kmt.Core.Knowledge;

namespace Kmt.Storage.Embedded.Tests;

public sealed class KnowledgeStoreTests : TestDatabase
{
    private const string User = "user-a";

    [Fact]
    public async Task Create_then_get_round_trips_every_field()
    {
        var item = NewItem(User, "Photosynthesis", "Plants turn light into sugar.", ["science/biology", "café"]) with
        {
            SourceUrl = "https://example.org/p",
            SourceType = "web",
            MetadataJson = """{"a":1}""",
            ImportanceScore = 0.1 + 0.2,
            IsArchived = true,
            AccessCount = 3,
            Version = 2,
            CreatedAt = new DateTimeOffset(2025, 3, 4, 5, 6, 7, 891, TimeSpan.FromHours(2)).AddTicks(2345),
        };
        await Items.CreateAsync(item, Ct);

        var stored = await Items.GetAsync(User, item.Id, Ct);

        Assert.NotNull(stored);
        Assert.Equal(item.Title, stored.Title);
        Assert.Equal(item.Content, stored.Content);
        Assert.Equal(["science/biology", "café"], stored.Tags);
        Assert.Equal(item.SourceUrl, stored.SourceUrl);
        Assert.Equal(item.SourceType, stored.SourceType);
        Assert.Equal(item.MetadataJson, stored.MetadataJson);
        Assert.Equal(0.1 + 0.2, stored.ImportanceScore);
        Assert.True(stored.IsArchived);
        Assert.Equal(3, stored.AccessCount);
        Assert.Equal(2, stored.Version);
        Assert.Equal(item.CreatedAt, stored.CreatedAt);
        Assert.Equal(TimeSpan.Zero, stored.CreatedAt.Offset);
        Assert.Null(stored.DeletedAt);
        Assert.Equal(item.ETag, stored.ETag);
        Assert.Equal(item.WordCount, stored.WordCount);
    }

    [Fact]
    public async Task Get_of_missing_item_is_null()
    {
        Assert.Null(await Items.GetAsync(User, Ids.New(), Ct));
    }

    [Fact]
    public async Task Create_with_an_existing_id_is_a_conflict()
    {
        var item = await AddItemAsync(User, "One");
        var ex = await Assert.ThrowsAsync<KmtException>(() => Items.CreateAsync(item, Ct));
        Assert.Equal(ErrorCode.Conflict, ex.Code);
    }

    [Fact]
    public async Task Replace_with_matching_etag_updates_and_stores_the_previous_version()
    {
        var item = await AddItemAsync(User, "First title", "first content", ["a"]);
        var previous = Version(item, T0.AddMinutes(5));
        var updated = item with { Title = "Second title", Content = "second content", Tags = ["b", "c"], Version = 2, UpdatedAt = T0.AddMinutes(5), ETag = ETags.New() };

        await Items.ReplaceAsync(updated, item.ETag, previous, Ct);

        var stored = await Items.GetAsync(User, item.Id, Ct);
        Assert.NotNull(stored);
        Assert.Equal("Second title", stored.Title);
        Assert.Equal(["b", "c"], stored.Tags);
        Assert.Equal(2, stored.Version);
        Assert.Equal(updated.ETag, stored.ETag);

        var versions = (await Items.ListVersionsAsync(User, item.Id, 0, 1000, Ct)).Items;
        var version = Assert.Single(versions);
        Assert.Equal(1, version.Version);
        Assert.Equal("First title", version.Title);
        Assert.Equal("first content", version.Content);
        Assert.Equal(["a"], version.Tags);
        Assert.Equal(T0.AddMinutes(5), version.ReplacedAt);

        // The item_tags copy follows: the old tag no longer filters, the new one does.
        Assert.Equal(0, (await Items.ListAsync(new KnowledgeListQuery { UserId = User, Tag = "a", Take = 10 }, Ct)).Total);
        Assert.Equal(1, (await Items.ListAsync(new KnowledgeListQuery { UserId = User, Tag = "c", Take = 10 }, Ct)).Total);
    }

    [Fact]
    public async Task Versions_are_listed_newest_first()
    {
        var item = await AddItemAsync(User, "v1");
        var current = item;
        for (var v = 2; v <= 4; v++)
        {
            var next = current with { Title = "v" + v, Version = v, ETag = ETags.New(), UpdatedAt = T0.AddMinutes(v) };
            await Items.ReplaceAsync(next, current.ETag, Version(current, next.UpdatedAt), Ct);
            current = next;
        }

        var versions = (await Items.ListVersionsAsync(User, item.Id, 0, 1000, Ct)).Items;
        Assert.Equal([3, 2, 1], versions.Select(v => v.Version));
        Assert.Equal(["v3", "v2", "v1"], versions.Select(v => v.Title));
    }

    [Fact]
    public async Task Replace_with_stale_etag_is_precondition_failed_and_changes_nothing()
    {
        var item = await AddItemAsync(User, "Original");
        var updated = item with { Title = "Changed", ETag = ETags.New(), Version = 2 };

        var ex = await Assert.ThrowsAsync<KmtException>(() => Items.ReplaceAsync(updated, ETags.New(), Version(item, T0), Ct));

        Assert.Equal(ErrorCode.PreconditionFailed, ex.Code);
        var stored = await Items.GetAsync(User, item.Id, Ct);
        Assert.Equal("Original", stored!.Title);
        Assert.Empty((await Items.ListVersionsAsync(User, item.Id, 0, 1000, Ct)).Items);
    }

    [Fact]
    public async Task Replace_of_missing_item_is_not_found()
    {
        var item = NewItem(User, "Ghost");
        var ex = await Assert.ThrowsAsync<KmtException>(() => Items.ReplaceAsync(item, item.ETag, null, Ct));
        Assert.Equal(ErrorCode.NotFound, ex.Code);
    }

    [Fact]
    public async Task Record_access_counts_and_keeps_the_etag()
    {
        var item = await AddItemAsync(User, "Read me");

        var first = await Items.RecordAccessAsync(User, item.Id, T0.AddHours(1), Ct);
        var second = await Items.RecordAccessAsync(User, item.Id, T0.AddHours(2), Ct);

        Assert.NotNull(first);
        Assert.Equal(1, first.AccessCount);
        Assert.NotNull(second);
        Assert.Equal(2, second.AccessCount);
        Assert.Equal(T0.AddHours(2), second.AccessedAt);
        Assert.Equal(item.ETag, second.ETag);
        Assert.Equal(item.UpdatedAt, second.UpdatedAt);
        Assert.Null(await Items.RecordAccessAsync(User, Ids.New(), T0, Ct));

        // A replace based on the read before the accesses still succeeds and does not roll the count back.
        var updated = item with { Title = "Read me again", ETag = ETags.New(), Version = 2 };
        await Items.ReplaceAsync(updated, item.ETag, Version(item, T0.AddHours(3)), Ct);
        var stored = await Items.GetAsync(User, item.Id, Ct);
        Assert.Equal(2, stored!.AccessCount);
        Assert.Equal(T0.AddHours(2), stored.AccessedAt);
    }

    [Fact]
    public async Task Erase_removes_item_versions_tags_and_search_entry()
    {
        var item = await AddItemAsync(User, "Quantum entanglement", "spooky action", ["physics"]);
        var updated = item with { Content = "spooky action at a distance", Version = 2, ETag = ETags.New() };
        await Items.ReplaceAsync(updated, item.ETag, Version(item, T0), Ct);

        Assert.True(await Items.EraseAsync(User, item.Id, Ct));

        Assert.Null(await Items.GetAsync(User, item.Id, Ct));
        Assert.Empty((await Items.ListVersionsAsync(User, item.Id, 0, 1000, Ct)).Items);
        Assert.Empty(await Items.CountByTagAsync(User, AllTags, Ct));
        var (hits, total) = await Items.SearchAsync(Search.For(User, "quantum"), Ct);
        Assert.Empty(hits);
        Assert.Equal(0, total);
        Assert.False(await Items.EraseAsync(User, item.Id, Ct));
    }

    [Fact]
    public async Task Count_by_tag_counts_live_items_per_exact_tag()
    {
        await AddItemAsync(User, "one", tags: ["science", "science/physics"]);
        await AddItemAsync(User, "two", tags: ["science/physics"]);
        var trashed = await AddItemAsync(User, "three", tags: ["science"]);
        await Items.ReplaceAsync(trashed with { DeletedAt = T0, ETag = ETags.New() }, trashed.ETag, null, Ct);

        var counts = await Items.CountByTagAsync(User, AllTags, Ct);

        Assert.Equal(2, counts.Count);
        Assert.Equal(1, counts["science"]);
        Assert.Equal(2, counts["science/physics"]);
    }

    [Fact]
    public async Task Rename_tag_moves_the_subtree_on_live_and_trashed_items_and_leaves_look_alikes()
    {
        var a = await AddItemAsync(User, "a", tags: ["x", "science", "science/physics/quantum"]);
        var b = await AddItemAsync(User, "b", tags: ["science-fiction", "sciencefoo"]);
        var c = await AddItemAsync(User, "c", tags: ["science/physics"]);
        await Items.ReplaceAsync(c with { DeletedAt = T0, ETag = ETags.New() }, c.ETag, null, Ct);

        var changed = await Items.RenameTagAsync(User, "science", "knowledge/sci", T0.AddDays(1), Ct);

        Assert.Equal(2, changed);
        var storedA = await Items.GetAsync(User, a.Id, Ct);
        Assert.Equal(["x", "knowledge/sci", "knowledge/sci/physics/quantum"], storedA!.Tags);
        Assert.NotEqual(a.ETag, storedA.ETag);
        Assert.Equal(T0.AddDays(1), storedA.UpdatedAt);
        var storedB = await Items.GetAsync(User, b.Id, Ct);
        Assert.Equal(["science-fiction", "sciencefoo"], storedB!.Tags);
        Assert.Equal(b.ETag, storedB.ETag);
        var storedC = await Items.GetAsync(User, c.Id, Ct);
        Assert.Equal(["knowledge/sci/physics"], storedC!.Tags);

        // Filters and search follow the rename.
        Assert.Equal(1, (await Items.ListAsync(new KnowledgeListQuery { UserId = User, Tag = "knowledge", Take = 10 }, Ct)).Total);
        Assert.Equal(0, (await Items.ListAsync(new KnowledgeListQuery { UserId = User, Tag = "science", Take = 10 }, Ct)).Total);
        var (hits, _) = await Items.SearchAsync(Search.For(User, "quantum"), Ct);
        Assert.Equal(a.Id, Assert.Single(hits).Item.Id);
    }

    [Fact]
    public async Task Rename_tag_merging_two_tags_deduplicates_keeping_order()
    {
        var item = await AddItemAsync(User, "merge", tags: ["ml", "other", "machine-learning"]);

        Assert.Equal(1, await Items.RenameTagAsync(User, "ml", "machine-learning", T0, Ct));

        var stored = await Items.GetAsync(User, item.Id, Ct);
        Assert.Equal(["machine-learning", "other"], stored!.Tags);
        Assert.Equal(1, (await Items.CountByTagAsync(User, AllTags, Ct))["machine-learning"]);
    }

    [Fact]
    public async Task Remove_tag_removes_exactly_that_path()
    {
        var item = await AddItemAsync(User, "r", tags: ["science", "science/physics", "art"]);
        var other = await AddItemAsync(User, "s", tags: ["science/physics"]);

        Assert.Equal(1, await Items.RemoveTagAsync(User, "science", T0.AddDays(2), Ct));

        var stored = await Items.GetAsync(User, item.Id, Ct);
        Assert.Equal(["science/physics", "art"], stored!.Tags);
        Assert.NotEqual(item.ETag, stored.ETag);
        Assert.Equal(T0.AddDays(2), stored.UpdatedAt);
        Assert.Equal(other.ETag, (await Items.GetAsync(User, other.Id, Ct))!.ETag);
    }

    private static KnowledgeItemVersion Version(KnowledgeItem item, DateTimeOffset replacedAt) => new()
    {
        ItemId = item.Id,
        UserId = item.UserId,
        Version = item.Version,
        Title = item.Title,
        Content = item.Content,
        ContentType = item.ContentType,
        SourceUrl = item.SourceUrl,
        SourceType = item.SourceType,
        Tags = item.Tags,
        MetadataJson = item.MetadataJson,
        CreatedAt = item.UpdatedAt,
        ReplacedAt = replacedAt,
    };
}
