using Kmt.Core.Common;
using Kmt.Core.Knowledge;

namespace Kmt.Storage.Contracts;

/// <summary>
/// IKnowledgeStore without search (see <see cref="KnowledgeSearchContract"/>): CRUD, ETags, access
/// counting, versions, list filters, sorts and keyset paging (with and without a snapshot), tag
/// rename/remove, counts by tag, erase, and the user partition.
/// </summary>
public abstract class KnowledgeStoreContract : StoreContract
{
    [Fact]
    public virtual async Task An_item_is_found_by_its_source_id_in_its_owners_partition_only()
    {
        var item = NewItem(A, "Imported", "from elsewhere") with { SourceId = "readwise:0123456789abcdef" };
        await Items.CreateAsync(item, Ct);
        await AddItemAsync(A, "Typed in KMT");
        var other = NewItem(B, "B's copy") with { SourceId = item.SourceId };
        await Items.CreateAsync(other, Ct);

        var found = await Items.FindBySourceIdAsync(A, item.SourceId!, Ct);
        Assert.Equal(item.Id, found?.Id);
        Assert.Equal(item.SourceId, found!.SourceId);
        Assert.Equal(item.SourceId, (await Items.GetAsync(A, item.Id, Ct))!.SourceId);
        Assert.Equal(other.Id, (await Items.FindBySourceIdAsync(B, item.SourceId!, Ct))?.Id);
        Assert.Null(await Items.FindBySourceIdAsync(A, "readwise:unknown", Ct));
        Assert.Equal(item.SourceId, (await Items.ListAsync(new KnowledgeListQuery { UserId = A, Take = 10 }, Ct)).Items.Single(i => i.Id == item.Id).SourceId);

        // A trashed item is still held (a re-import must not bring back a copy); an erased one is gone.
        await TrashAsync(item);
        Assert.Equal(item.Id, (await Items.FindBySourceIdAsync(A, item.SourceId!, Ct))?.Id);
        await Items.EraseAsync(A, item.Id, Ct);
        Assert.Null(await Items.FindBySourceIdAsync(A, item.SourceId!, Ct));
    }

    [Fact]
    public virtual async Task Create_then_get_round_trips_every_field()
    {
        var item = NewItem(A, "Photosynthesis", "Plants turn light into sugar.", ["science/biology", "café"]) with
        {
            SourceUrl = "https://example.org/p?q=1&r=ü",
            SourceType = "web",
            MetadataJson = """{"a":1}""",
            ImportanceScore = 0.1 + 0.2,
            IsArchived = true,
            AccessCount = 3,
            Version = 2,
            CreatedAt = new DateTimeOffset(2025, 3, 4, 5, 6, 7, 891, TimeSpan.FromHours(2)).AddTicks(2345),
        };
        await Items.CreateAsync(item, Ct);

        var stored = await Items.GetAsync(A, item.Id, Ct);

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
        Assert.Equal(item.UpdatedAt, stored.UpdatedAt);
        Assert.Equal(item.AccessedAt, stored.AccessedAt);
        Assert.Null(stored.DeletedAt);
        Assert.Equal(item.ETag, stored.ETag);
        Assert.Equal(item.WordCount, stored.WordCount);
        Assert.Equal(item.ContentType, stored.ContentType);
    }

    [Fact]
    public virtual async Task Get_of_a_missing_item_is_null_and_create_of_a_taken_id_is_a_conflict()
    {
        Assert.Null(await Items.GetAsync(A, Ids.New(), Ct));

        var item = await AddItemAsync(A, "One");
        var ex = await Assert.ThrowsAsync<KmtException>(() => Items.CreateAsync(item, Ct));
        Assert.Equal(ErrorCode.Conflict, ex.Code);
    }

    [Fact]
    public virtual async Task Replace_with_matching_etag_updates_and_stores_the_previous_version()
    {
        var item = await AddItemAsync(A, "First title", "first content", ["a"]);
        var updated = item with { Title = "Second title", Content = "second content", Tags = ["b", "c"], Version = 2, UpdatedAt = T0.AddMinutes(5), ETag = ETags.New() };

        await Items.ReplaceAsync(updated, item.ETag, VersionOf(item, T0.AddMinutes(5)), Ct);

        var stored = await Items.GetAsync(A, item.Id, Ct);
        Assert.NotNull(stored);
        Assert.Equal("Second title", stored.Title);
        Assert.Equal(["b", "c"], stored.Tags);
        Assert.Equal(2, stored.Version);
        Assert.Equal(updated.ETag, stored.ETag);

        var version = Assert.Single(await AllVersionsAsync(A, item.Id));
        Assert.Equal(VersionOf(item, T0.AddMinutes(5)), version with { Tags = item.Tags });
        Assert.Equal(["a"], version.Tags);

        // Tag filters follow the replace.
        Assert.Equal(0, (await Items.ListAsync(new KnowledgeListQuery { UserId = A, Tag = "a", Take = 10 }, Ct)).Total);
        Assert.Equal(1, (await Items.ListAsync(new KnowledgeListQuery { UserId = A, Tag = "c", Take = 10 }, Ct)).Total);
    }

    [Fact]
    public virtual async Task Versions_are_listed_newest_first()
    {
        var item = await AddItemAsync(A, "v1");
        var current = item;
        for (var v = 2; v <= 4; v++)
        {
            var next = current with { Title = "v" + v, Version = v, ETag = ETags.New(), UpdatedAt = T0.AddMinutes(v) };
            await Items.ReplaceAsync(next, current.ETag, VersionOf(current, next.UpdatedAt), Ct);
            current = next;
        }

        var versions = await AllVersionsAsync(A, item.Id);
        Assert.Equal([3, 2, 1], versions.Select(v => v.Version));
        Assert.Equal(["v3", "v2", "v1"], versions.Select(v => v.Title));
        Assert.Empty(await AllVersionsAsync(B, item.Id));
    }

    [Fact]
    public virtual async Task Replace_with_a_stale_etag_is_precondition_failed_and_changes_nothing()
    {
        var item = await AddItemAsync(A, "Original");
        var updated = item with { Title = "Changed", ETag = ETags.New(), Version = 2 };

        var ex = await Assert.ThrowsAsync<KmtException>(() => Items.ReplaceAsync(updated, ETags.New(), VersionOf(item, T0), Ct));

        Assert.Equal(ErrorCode.PreconditionFailed, ex.Code);
        Assert.Equal("Original", (await Items.GetAsync(A, item.Id, Ct))!.Title);
        Assert.Empty(await AllVersionsAsync(A, item.Id));
    }

    [Fact]
    public virtual async Task Concurrent_replaces_with_the_same_etag_have_one_winner_and_the_rest_fail_the_precondition()
    {
        var item = await AddItemAsync(A, "Contested");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            var next = item with { Title = "Writer " + i, Version = 2, ETag = ETags.New(), UpdatedAt = T0.AddMinutes(1) };
            try
            {
                await Items.ReplaceAsync(next, item.ETag, VersionOf(item, T0.AddMinutes(1)), Ct);
                return (Won: true, Code: (ErrorCode?)null, Title: next.Title);
            }
            catch (KmtException e)
            {
                return (Won: false, Code: (ErrorCode?)e.Code, Title: next.Title);
            }
        })));

        var winner = Assert.Single(outcomes, o => o.Won);
        Assert.All(outcomes.Where(o => !o.Won), o => Assert.Equal(ErrorCode.PreconditionFailed, o.Code));
        Assert.Equal(winner.Title, (await Items.GetAsync(A, item.Id, Ct))!.Title);
        var version = Assert.Single(await AllVersionsAsync(A, item.Id));
        Assert.Equal("Contested", version.Title);
    }

    [Fact]
    public virtual async Task Replace_of_a_missing_or_foreign_item_is_not_found()
    {
        var ghost = NewItem(A, "Ghost");
        Assert.Equal(ErrorCode.NotFound, (await Assert.ThrowsAsync<KmtException>(() => Items.ReplaceAsync(ghost, ghost.ETag, null, Ct))).Code);

        var item = await AddItemAsync(A, "Mine");
        var foreign = await Assert.ThrowsAsync<KmtException>(() => Items.ReplaceAsync(item with { UserId = B, Title = "pwned" }, item.ETag, null, Ct));
        Assert.Equal(ErrorCode.NotFound, foreign.Code);
        Assert.Equal("Mine", (await Items.GetAsync(A, item.Id, Ct))!.Title);
    }

    [Fact]
    public virtual async Task Record_access_counts_and_keeps_the_etag()
    {
        var item = await AddItemAsync(A, "Read me");

        var first = await Items.RecordAccessAsync(A, item.Id, T0.AddHours(1), Ct);
        var second = await Items.RecordAccessAsync(A, item.Id, T0.AddHours(2), Ct);

        Assert.Equal(1, first!.AccessCount);
        Assert.Equal(2, second!.AccessCount);
        Assert.Equal(T0.AddHours(2), second.AccessedAt);
        Assert.Equal(item.ETag, second.ETag);
        Assert.Equal(item.UpdatedAt, second.UpdatedAt);
        Assert.Null(await Items.RecordAccessAsync(A, Ids.New(), T0, Ct));
        Assert.Null(await Items.RecordAccessAsync(B, item.Id, T0, Ct));

        // A replace based on the read before the accesses still succeeds and does not roll the count back.
        var updated = item with { Title = "Read me again", ETag = ETags.New(), Version = 2 };
        await Items.ReplaceAsync(updated, item.ETag, VersionOf(item, T0.AddHours(3)), Ct);
        var stored = await Items.GetAsync(A, item.Id, Ct);
        Assert.Equal("Read me again", stored!.Title);
        Assert.Equal(2, stored.AccessCount);
        Assert.Equal(T0.AddHours(2), stored.AccessedAt);
    }

    [Fact]
    public virtual async Task Importance_scores_are_set_without_a_new_etag_version_or_graph_mark_and_missing_items_are_skipped()
    {
        var item = await AddItemAsync(A, "Important");
        var other = await AddItemAsync(A, "Less so");
        var theirs = await AddItemAsync(B, "Theirs");
        await Items.ClearGraphPendingAsync(A, item.Id, item.ETag, Ct);

        var updated = await Items.SetImportanceScoresAsync(A, new Dictionary<string, double> { [item.Id] = 0.8125, [other.Id] = 0.25, [theirs.Id] = 0.5, [Ids.New()] = 0.5 }, Ct);

        Assert.Equal(2, updated);
        var stored = await Items.GetAsync(A, item.Id, Ct);
        Assert.Equal(0.8125, stored!.ImportanceScore);
        Assert.Equal(item.ETag, stored.ETag);
        Assert.Equal(item.Version, stored.Version);
        Assert.Equal(item.UpdatedAt, stored.UpdatedAt);
        Assert.Null(stored.GraphPendingSince);
        Assert.Equal(0.25, (await Items.GetAsync(A, other.Id, Ct))!.ImportanceScore);
        Assert.Equal(theirs.ImportanceScore, (await Items.GetAsync(B, theirs.Id, Ct))!.ImportanceScore);
        var byImportance = await Items.ListAsync(new KnowledgeListQuery { UserId = A, Take = 10, Sort = KnowledgeSortField.ImportanceScore, Descending = true }, Ct);
        Assert.Equal([item.Id, other.Id], byImportance.Items.Select(i => i.Id));
    }

    [Fact]
    public virtual async Task Batched_accesses_add_up_and_keep_the_etag()
    {
        var item = await AddItemAsync(A, "Read in batches");
        var other = await AddItemAsync(A, "Read once");

        await Items.RecordAccessesAsync([new AccessTally(A, item.Id, 3, T0.AddHours(2)), new AccessTally(A, other.Id, 1, T0.AddHours(1))], Ct);
        // A second flush (another instance) adds to the first instead of replacing it.
        await Items.RecordAccessesAsync([new AccessTally(A, item.Id, 2, T0.AddHours(3))], Ct);

        var stored = (await Items.GetAsync(A, item.Id, Ct))!;
        Assert.Equal(5, stored.AccessCount);
        Assert.Equal(T0.AddHours(3), stored.AccessedAt);
        Assert.Equal(item.ETag, stored.ETag);
        Assert.Equal(item.UpdatedAt, stored.UpdatedAt);
        Assert.Equal(1, (await Items.GetAsync(A, other.Id, Ct))!.AccessCount);

        // Another user's partition and a missing item are skipped, not created and not failed.
        var missing = Ids.New();
        await Items.RecordAccessesAsync([new AccessTally(B, item.Id, 7, T0.AddHours(4)), new AccessTally(A, missing, 1, T0)], Ct);
        Assert.Equal(5, (await Items.GetAsync(A, item.Id, Ct))!.AccessCount);
        Assert.Null(await Items.GetAsync(B, item.Id, Ct));
        Assert.Null(await Items.GetAsync(A, missing, Ct));

        // A replace based on the read before the accesses does not roll them back.
        var updated = item with { Title = "Edited", ETag = ETags.New(), Version = 2 };
        await Items.ReplaceAsync(updated, item.ETag, VersionOf(item, T0.AddHours(5)), Ct);
        Assert.Equal(5, (await Items.GetAsync(A, item.Id, Ct))!.AccessCount);
    }

    [Fact]
    public virtual async Task Concurrent_accesses_are_all_counted()
    {
        var item = await AddItemAsync(A, "Popular");

        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => Items.RecordAccessAsync(A, item.Id, T0.AddMinutes(i), Ct))));

        Assert.Equal(6, (await Items.GetAsync(A, item.Id, Ct))!.AccessCount);
    }

    [Fact]
    public virtual async Task Erase_removes_the_item_its_versions_and_tag_counts()
    {
        var item = await AddItemAsync(A, "Quantum entanglement", "spooky action", ["physics"]);
        await Items.ReplaceAsync(item with { Content = "spooky action at a distance", Version = 2, ETag = ETags.New() }, item.ETag, VersionOf(item, T0), Ct);
        var other = await AddItemAsync(A, "Other", tags: ["physics"]);

        Assert.False(await Items.EraseAsync(B, item.Id, Ct));
        Assert.True(await Items.EraseAsync(A, item.Id, Ct));

        Assert.Null(await Items.GetAsync(A, item.Id, Ct));
        Assert.Empty(await AllVersionsAsync(A, item.Id));
        Assert.Equal(1, (await Items.CountByTagAsync(A, AllTags, Ct))["physics"]);
        Assert.Equal(other.Id, Assert.Single((await Items.ListAsync(new KnowledgeListQuery { UserId = A, Take = 10 }, Ct)).Items).Id);
        Assert.False(await Items.EraseAsync(A, item.Id, Ct));
    }

    [Fact]
    public virtual async Task Count_by_tag_counts_live_items_per_exact_tag()
    {
        await AddItemAsync(A, "one", tags: ["science", "science/physics"]);
        await AddItemAsync(A, "two", tags: ["science/physics"]);
        await TrashAsync(await AddItemAsync(A, "three", tags: ["science"]));
        await AddItemAsync(B, "other user", tags: ["science"]);

        var counts = await Items.CountByTagAsync(A, AllTags, Ct);

        Assert.Equal(2, counts.Count);
        Assert.Equal(1, counts["science"]);
        Assert.Equal(2, counts["science/physics"]);
    }

    [Fact]
    public virtual async Task Count_by_tag_counts_only_the_tags_asked_about()
    {
        await AddItemAsync(A, "one", tags: ["science", "science/physics", "art"]);

        var counts = await Items.CountByTagAsync(A, ["science/physics", "unused"], Ct);

        Assert.Equal(new Dictionary<string, int> { ["science/physics"] = 1 }, counts);
        Assert.Empty(await Items.CountByTagAsync(A, [], Ct));
    }

    [Fact]
    public virtual async Task Rename_tag_moves_the_subtree_on_live_and_trashed_items_and_leaves_look_alikes()
    {
        var a = await AddItemAsync(A, "a", tags: ["x", "science", "science/physics/quantum"]);
        var b = await AddItemAsync(A, "b", tags: ["science-fiction", "sciencefoo"]);
        var c = await TrashAsync(await AddItemAsync(A, "c", tags: ["science/physics"]));
        var otherUser = await AddItemAsync(B, "b's", tags: ["science"]);

        var changed = await Items.RenameTagAsync(A, "science", "knowledge/sci", T0.AddDays(1), Ct);

        Assert.Equal(2, changed);
        var storedA = await Items.GetAsync(A, a.Id, Ct);
        Assert.Equal(["x", "knowledge/sci", "knowledge/sci/physics/quantum"], storedA!.Tags);
        Assert.NotEqual(a.ETag, storedA.ETag);
        Assert.Equal(T0.AddDays(1), storedA.UpdatedAt);
        var storedB = await Items.GetAsync(A, b.Id, Ct);
        Assert.Equal(["science-fiction", "sciencefoo"], storedB!.Tags);
        Assert.Equal(b.ETag, storedB.ETag);
        Assert.Equal(["knowledge/sci/physics"], (await Items.GetAsync(A, c.Id, Ct))!.Tags);
        Assert.Equal(["science"], (await Items.GetAsync(B, otherUser.Id, Ct))!.Tags);

        Assert.Equal(1, (await Items.ListAsync(new KnowledgeListQuery { UserId = A, Tag = "knowledge", Take = 10 }, Ct)).Total);
        Assert.Equal(0, (await Items.ListAsync(new KnowledgeListQuery { UserId = A, Tag = "science", Take = 10 }, Ct)).Total);
    }

    [Fact]
    public virtual async Task Rename_tag_merging_two_tags_deduplicates_keeping_order()
    {
        var item = await AddItemAsync(A, "merge", tags: ["ml", "other", "machine-learning"]);

        Assert.Equal(1, await Items.RenameTagAsync(A, "ml", "machine-learning", T0, Ct));

        Assert.Equal(["machine-learning", "other"], (await Items.GetAsync(A, item.Id, Ct))!.Tags);
        Assert.Equal(1, (await Items.CountByTagAsync(A, AllTags, Ct))["machine-learning"]);
    }

    [Fact]
    public virtual async Task Remove_tag_removes_exactly_that_path()
    {
        var item = await AddItemAsync(A, "r", tags: ["science", "science/physics", "art"]);
        var other = await AddItemAsync(A, "s", tags: ["science/physics"]);

        Assert.Equal(1, await Items.RemoveTagAsync(A, "science", T0.AddDays(2), Ct));
        Assert.Equal(0, await Items.RemoveTagAsync(B, "science", T0.AddDays(2), Ct));

        var stored = await Items.GetAsync(A, item.Id, Ct);
        Assert.Equal(["science/physics", "art"], stored!.Tags);
        Assert.NotEqual(item.ETag, stored.ETag);
        Assert.Equal(T0.AddDays(2), stored.UpdatedAt);
        Assert.Equal(other.ETag, (await Items.GetAsync(A, other.Id, Ct))!.ETag);
    }

    [Fact]
    public virtual async Task Tag_filter_includes_descendants_but_not_look_alikes()
    {
        var exact = await AddItemAsync(A, "exact", tags: ["science"]);
        var child = await AddItemAsync(A, "child", tags: ["art", "science/physics"]);
        var grandChild = await AddItemAsync(A, "grandchild", tags: ["science/physics/quantum"]);
        await AddItemAsync(A, "fiction", tags: ["science-fiction"]);
        await AddItemAsync(A, "foo", tags: ["sciencefoo"]);
        await AddItemAsync(A, "wildcard", tags: ["science_x", "scienc%"]);
        await AddItemAsync(A, "none");
        await AddItemAsync(B, "other user", tags: ["science"]);

        var page = await Items.ListAsync(new KnowledgeListQuery { UserId = A, Tag = "science", Take = 50 }, Ct);

        Assert.Equal(3, page.Total);
        Assert.Equal(new[] { exact.Id, child.Id, grandChild.Id }.Order(), page.Items.Select(i => i.Id).Order());
        var physics = await Items.ListAsync(new KnowledgeListQuery { UserId = A, Tag = "science/physics", Take = 50 }, Ct);
        Assert.Equal(new[] { child.Id, grandChild.Id }.Order(), physics.Items.Select(i => i.Id).Order());
        Assert.Equal(0, (await Items.ListAsync(new KnowledgeListQuery { UserId = A, Tag = "scien", Take = 50 }, Ct)).Total);
    }

    [Fact]
    public virtual async Task Filters_on_content_type_archived_deleted_updated_since_and_snapshot()
    {
        var note = await AddItemAsync(A, "note", createdAt: T0);
        await AddItemAsync(A, "article", createdAt: T0.AddDays(1), contentType: "article");
        var archived = await AddItemAsync(A, "archived", createdAt: T0.AddDays(2));
        await Items.ReplaceAsync(archived with { IsArchived = true, UpdatedAt = T0.AddDays(5), ETag = ETags.New() }, archived.ETag, null, Ct);
        await TrashAsync(await AddItemAsync(A, "trashed", createdAt: T0.AddDays(3)), T0.AddDays(4));
        await AddItemAsync(B, "other user", createdAt: T0);

        async Task<string[]> Titles(KnowledgeListQuery q) => (await Items.ListAsync(q, Ct)).Items.Select(i => i.Title).Order(StringComparer.Ordinal).ToArray();
        var all = new KnowledgeListQuery { UserId = A, Take = 50 };

        Assert.Equal(["archived", "article", "note"], await Titles(all));
        Assert.Equal(["article"], await Titles(all with { ContentType = "article" }));
        Assert.Equal(["archived"], await Titles(all with { Archived = true }));
        Assert.Equal(["article", "note"], await Titles(all with { Archived = false }));
        Assert.Equal(["trashed"], await Titles(all with { Deleted = true }));
        Assert.Equal(["archived"], await Titles(all with { UpdatedSince = T0.AddDays(5) }));
        Assert.Equal(["article", "note"], await Titles(all with { CreatedAtOrBefore = T0.AddDays(1) }));
        Assert.Equal(note.Id, (await Items.ListAsync(all with { CreatedAtOrBefore = T0 }, Ct)).Items.Single().Id);
        Assert.Equal(3, (await Items.ListAsync(all with { Take = 1 }, Ct)).Total);
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
    [MemberData(nameof(Sorts), MemberType = typeof(KnowledgeStoreContract))]
    public virtual async Task Every_sort_orders_with_id_tiebreak_and_keyset_walk_has_no_gaps_or_duplicates(KnowledgeSortField sort, bool descending)
    {
        // Ties on purpose: several items share each sort value.
        var items = new List<KnowledgeItem>();
        for (var i = 0; i < 23; i++)
        {
            var item = NewItem(A, "item " + i, createdAt: T0.AddMinutes(i % 5), importance: (i % 4) / 3.0) with
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
            var page = await Items.ListAsync(new KnowledgeListQuery { UserId = A, Sort = sort, Descending = descending, After = after, Take = 5 }, Ct);
            Assert.Equal(23, page.Total);
            walked.AddRange(page.Items.Select(i => i.Id));
            after = page.Next;
            pages++;
        }
        while (after is not null && pages < 20);

        Assert.Equal(5, pages);
        Assert.Equal(expected, walked);

        // Offset paging gives the same order.
        var second = await Items.ListAsync(new KnowledgeListQuery { UserId = A, Sort = sort, Descending = descending, Skip = 5, Take = 5 }, Ct);
        Assert.Equal(expected.Skip(5).Take(5), second.Items.Select(i => i.Id));
    }

    [Fact]
    public virtual async Task Keyset_walk_with_snapshot_ignores_items_created_meanwhile()
    {
        for (var i = 0; i < 12; i++)
        {
            await AddItemAsync(A, "old " + i, createdAt: T0.AddMinutes(i));
        }

        var snapshot = T0.AddMinutes(11);
        var walked = new List<string>();
        KeysetPosition? after = null;
        var added = 0;
        do
        {
            var page = await Items.ListAsync(new KnowledgeListQuery { UserId = A, After = after, Take = 5, CreatedAtOrBefore = snapshot }, Ct);
            Assert.Equal(12, page.Total);
            walked.AddRange(page.Items.Select(i => i.Title));
            after = page.Next;

            // New items arrive between pages (newer than the snapshot, as new items are).
            await AddItemAsync(A, "new " + added, createdAt: T0.AddHours(1 + added));
            added++;
        }
        while (after is not null);

        Assert.Equal(Enumerable.Range(0, 12).Reverse().Select(i => "old " + i), walked);
    }

    [Fact]
    public virtual async Task Keyset_walk_without_snapshot_has_no_duplicates_when_newer_items_arrive()
    {
        for (var i = 0; i < 10; i++)
        {
            await AddItemAsync(A, "old " + i, createdAt: T0.AddMinutes(i));
        }

        var walked = new List<string>();
        KeysetPosition? after = null;
        var added = 0;
        do
        {
            var page = await Items.ListAsync(new KnowledgeListQuery { UserId = A, After = after, Take = 3 }, Ct);
            walked.AddRange(page.Items.Select(i => i.Title));
            after = page.Next;
            await AddItemAsync(A, "new " + added++, createdAt: T0.AddHours(1));
        }
        while (after is not null);

        Assert.Equal(Enumerable.Range(0, 10).Reverse().Select(i => "old " + i), walked);
    }

    [Fact]
    public virtual async Task Last_page_has_no_next_also_on_an_exact_page_boundary()
    {
        for (var i = 0; i < 4; i++)
        {
            await AddItemAsync(A, "i" + i, createdAt: T0.AddMinutes(i));
        }

        var first = await Items.ListAsync(new KnowledgeListQuery { UserId = A, Take = 2 }, Ct);
        Assert.NotNull(first.Next);
        Assert.Equal(first.Items[^1].Id, first.Next.Id);
        var second = await Items.ListAsync(new KnowledgeListQuery { UserId = A, Take = 2, After = first.Next }, Ct);
        Assert.Equal(2, second.Items.Count);
        Assert.Null(second.Next);

        var empty = await Items.ListAsync(new KnowledgeListQuery { UserId = B, Take = 2 }, Ct);
        Assert.Empty(empty.Items);
        Assert.Equal(0, empty.Total);
        Assert.Null(empty.Next);
    }

    [Fact]
    public virtual async Task A_malformed_cursor_value_is_a_validation_error()
    {
        await AddItemAsync(A, "x");
        var ex = await Assert.ThrowsAsync<ValidationException>(() => Items.ListAsync(
            new KnowledgeListQuery { UserId = A, Sort = KnowledgeSortField.ImportanceScore, After = new KeysetPosition("'; DROP TABLE x", Ids.New()), Take = 2 }, Ct));
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

    /// <summary>A long text whose 500th char is the high half of a surrogate pair.</summary>
    public static string LongTextWithAPairAtThePreviewEdge() => new string('x', KnowledgePreview.MaxLength - 1) + "\U0001F600" + new string('y', 20_000);

    [Fact]
    public virtual async Task Lists_return_a_bounded_preview_and_the_whole_length()
    {
        var content = LongTextWithAPairAtThePreviewEdge();
        var item = await AddItemAsync(A, "Long", content);

        var listed = Assert.Single((await Items.ListAsync(new KnowledgeListQuery { UserId = A, Take = 10 }, Ct)).Items);

        Assert.Equal(KnowledgePreview.MaxLength - 1, listed.Content.Length); // the pair is not split
        Assert.Equal(content[..(KnowledgePreview.MaxLength - 1)], listed.Content);
        Assert.Equal(content.Length, listed.ContentLength);
        var read = await Items.GetAsync(A, item.Id, Ct);
        Assert.Equal(content, read!.Content);
        Assert.Equal(content.Length, read.ContentLength);
    }

    [Fact]
    public virtual async Task Versions_are_paged_newest_first_with_the_total()
    {
        var current = await AddItemAsync(A, "v1");
        for (var v = 2; v <= 6; v++)
        {
            var next = current with { Title = "v" + v, Version = v, ETag = ETags.New(), UpdatedAt = T0.AddMinutes(v) };
            await Items.ReplaceAsync(next, current.ETag, VersionOf(current, next.UpdatedAt), Ct);
            current = next;
        }

        var page = await Items.ListVersionsAsync(A, current.Id, 1, 2, Ct);
        Assert.Equal([4, 3], page.Items.Select(v => v.Version));
        Assert.Equal(5, page.Total);

        var past = await Items.ListVersionsAsync(A, current.Id, 10, 2, Ct);
        Assert.Empty(past.Items);
        Assert.Equal(5, past.Total);
        Assert.Equal(0, (await Items.ListVersionsAsync(B, current.Id, 0, 10, Ct)).Total);
    }

    [Fact]
    public virtual async Task Truncation_and_source_fields_are_kept()
    {
        var item = NewItem(A, "Big upload", "head of the text") with { ContentTruncated = true, OriginalContentLength = 3_000_000, SourceUploadId = "upload-1" };
        await Items.CreateAsync(item, Ct);

        var read = await Items.GetAsync(A, item.Id, Ct);
        Assert.True(read!.ContentTruncated);
        Assert.Equal(3_000_000, read.OriginalContentLength);
        Assert.Equal("upload-1", read.SourceUploadId);
        var listed = Assert.Single((await Items.ListAsync(new KnowledgeListQuery { UserId = A, Take = 10 }, Ct)).Items);
        Assert.True(listed.ContentTruncated);
        Assert.Equal("upload-1", listed.SourceUploadId);

        // A replace with whole text clears the flag.
        await Items.ReplaceAsync(read with { Content = "whole", ContentTruncated = false, OriginalContentLength = null, ETag = ETags.New() }, read.ETag, null, Ct);
        var replaced = await Items.GetAsync(A, item.Id, Ct);
        Assert.False(replaced!.ContentTruncated);
        Assert.Null(replaced.OriginalContentLength);
        Assert.Equal(5, replaced.ContentLength);
    }

    [Fact]
    public virtual async Task Record_access_leaves_content_and_concurrent_edits_alone()
    {
        var item = await AddItemAsync(A, "Edited", "before");
        var edited = item with { Content = "after the edit", ETag = ETags.New(), Version = 2 };
        await Items.ReplaceAsync(edited, item.ETag, VersionOf(item, T0.AddMinutes(1)), Ct);

        // The access is counted on top of the stored document, never by writing back an older read of it.
        var accessed = await Items.RecordAccessAsync(A, item.Id, T0.AddMinutes(2), Ct);

        Assert.Equal("after the edit", accessed!.Content);
        Assert.Equal(edited.ETag, accessed.ETag);
        Assert.Equal(1, accessed.AccessCount);
        var stored = await Items.GetAsync(A, item.Id, Ct);
        Assert.Equal("after the edit", stored!.Content);
        Assert.Equal(1, stored.AccessCount);
        Assert.Equal(T0.AddMinutes(2), stored.AccessedAt);
    }
}
