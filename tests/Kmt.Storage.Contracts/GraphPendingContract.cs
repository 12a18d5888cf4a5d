using Kmt.Core.Common;
using Kmt.Core.Knowledge;

namespace Kmt.Storage.Contracts;

/// <summary>
/// The pending graph change of IKnowledgeStore: written with the item, cleared only for the ETag the
/// graph reflects (without a new ETag), listed across users for the nightly reconciliation, set by tag rewrites.
/// </summary>
public abstract class GraphPendingContract : StoreContract
{
    [Fact]
    public virtual async Task The_mark_is_written_with_the_item_and_cleared_only_for_the_current_etag()
    {
        var item = NewItem(A, "Pending") with { GraphPendingSince = T0 };
        await Items.CreateAsync(item, Ct);
        Assert.Equal(T0, (await Items.GetAsync(A, item.Id, Ct))?.GraphPendingSince);

        var replaced = item with { Title = "Edited", ETag = ETags.New(), GraphPendingSince = T0.AddMinutes(1) };
        await Items.ReplaceAsync(replaced, item.ETag, null, Ct);

        Assert.False(await Items.ClearGraphPendingAsync(A, item.Id, item.ETag, Ct));
        Assert.False(await Items.ClearGraphPendingAsync(B, item.Id, replaced.ETag, Ct));
        Assert.Equal(T0.AddMinutes(1), (await Items.GetAsync(A, item.Id, Ct))?.GraphPendingSince);

        Assert.True(await Items.ClearGraphPendingAsync(A, item.Id, replaced.ETag, Ct));
        var cleared = await Items.GetAsync(A, item.Id, Ct);
        Assert.Null(cleared?.GraphPendingSince);
        Assert.Equal(replaced.ETag, cleared?.ETag);
        Assert.Equal("Edited", cleared?.Title);
        Assert.False(await Items.ClearGraphPendingAsync(A, "missing", replaced.ETag, Ct));
    }

    [Fact]
    public virtual async Task Pending_items_of_every_user_are_listed_oldest_first_before_a_time()
    {
        // Far in the past, so other tests' pending items (shared stores) sort after these.
        var early = new DateTimeOffset(1990, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var a1 = NewItem(A, "a1") with { GraphPendingSince = early.AddMinutes(2) };
        var b1 = NewItem(B, "b1") with { GraphPendingSince = early.AddMinutes(1) };
        var a2 = NewItem(A, "a2") with { GraphPendingSince = early.AddMinutes(3) };
        var clear = NewItem(A, "clear");
        foreach (var item in new[] { a1, b1, a2, clear })
        {
            await Items.CreateAsync(item, Ct);
        }

        Assert.Equal([new ItemKey(B, b1.Id), new ItemKey(A, a1.Id)], await Items.ListGraphPendingAsync(early.AddMinutes(2).AddSeconds(30), 10, Ct));
        Assert.Equal([new ItemKey(B, b1.Id)], await Items.ListGraphPendingAsync(early.AddMinutes(10), 1, Ct));
        Assert.Empty(await Items.ListGraphPendingAsync(early, 10, Ct));
    }

    [Fact]
    public virtual async Task Pending_items_of_one_user_are_listed_oldest_first()
    {
        var a1 = NewItem(A, "a1") with { GraphPendingSince = T0.AddMinutes(2) };
        var a2 = NewItem(A, "a2") with { GraphPendingSince = T0.AddMinutes(1) };
        var a3 = NewItem(A, "a3") with { GraphPendingSince = T0.AddMinutes(3) };
        var b1 = NewItem(B, "b1") with { GraphPendingSince = T0 };
        var clear = NewItem(A, "clear");
        foreach (var item in new[] { a1, a2, a3, b1, clear })
        {
            await Items.CreateAsync(item, Ct);
        }

        Assert.Equal([new ItemKey(A, a2.Id), new ItemKey(A, a1.Id), new ItemKey(A, a3.Id)], await Items.ListGraphPendingForUserAsync(A, 10, Ct));
        Assert.Equal([new ItemKey(A, a2.Id), new ItemKey(A, a1.Id)], await Items.ListGraphPendingForUserAsync(A, 2, Ct));
        Assert.True(await Items.ClearGraphPendingAsync(A, a2.Id, a2.ETag, Ct));
        Assert.Equal([new ItemKey(A, a1.Id), new ItemKey(A, a3.Id)], await Items.ListGraphPendingForUserAsync(A, 10, Ct));
        Assert.Equal([new ItemKey(B, b1.Id)], await Items.ListGraphPendingForUserAsync(B, 10, Ct));
    }

    [Fact]
    public virtual async Task A_tag_rename_or_removal_marks_the_items_it_changes()
    {
        var tagged = await AddItemAsync(A, "tagged", tags: ["ideas"]);
        var other = await AddItemAsync(A, "other", tags: ["else"]);
        var removed = await AddItemAsync(A, "removed", tags: ["gone"]);

        await Items.RenameTagAsync(A, "ideas", "thoughts", T0.AddHours(1), Ct);
        await Items.RemoveTagAsync(A, "gone", T0.AddHours(2), Ct);

        Assert.Equal(T0.AddHours(1), (await Items.GetAsync(A, tagged.Id, Ct))?.GraphPendingSince);
        Assert.Equal(T0.AddHours(2), (await Items.GetAsync(A, removed.Id, Ct))?.GraphPendingSince);
        Assert.Null((await Items.GetAsync(A, other.Id, Ct))?.GraphPendingSince);
    }
}
