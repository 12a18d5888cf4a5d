using Kmt.Core.Common;
using Kmt.Core.Tags;

namespace Kmt.Storage.Embedded.Tests;

public sealed class TagStoreTests : TestDatabase
{
    private const string User = "user-a";

    private static Tag NewTag(string name, string user = User) => new()
    {
        Id = Ids.New(), UserId = user, Name = name, Color = "#6366f1", CreatedAt = T0, UpdatedAt = T0, ETag = ETags.New(),
    };

    private async Task<List<string>> Names() => (await Tags.ListAsync(User, Ct)).Select(t => t.Name).ToList();

    [Fact]
    public async Task Create_get_find_list_and_duplicate_name_conflict()
    {
        var science = NewTag("science");
        await Tags.CreateAsync(science, Ct);
        await Tags.CreateAsync(NewTag("art"), Ct);

        Assert.Equal(science, await Tags.GetAsync(User, science.Id, Ct));
        Assert.Equal(science, await Tags.FindByNameAsync(User, "science", Ct));
        Assert.Null(await Tags.FindByNameAsync(User, "sci", Ct));
        Assert.Equal(["art", "science"], await Names());

        var ex = await Assert.ThrowsAsync<KmtException>(() => Tags.CreateAsync(NewTag("science"), Ct));
        Assert.Equal(ErrorCode.Conflict, ex.Code);
        await Tags.CreateAsync(NewTag("science", "user-b"), Ct);
    }

    [Fact]
    public async Task Replace_checks_etag_existence_and_name()
    {
        var tag = NewTag("science");
        await Tags.CreateAsync(tag, Ct);
        await Tags.CreateAsync(NewTag("art"), Ct);

        var recolored = tag with { Color = "#000000", ETag = ETags.New(), UpdatedAt = T0.AddDays(1) };
        await Tags.ReplaceAsync(recolored, tag.ETag, Ct);
        Assert.Equal(recolored, await Tags.GetAsync(User, tag.Id, Ct));

        Assert.Equal(ErrorCode.PreconditionFailed, (await Assert.ThrowsAsync<KmtException>(() => Tags.ReplaceAsync(recolored, tag.ETag, Ct))).Code);
        Assert.Equal(ErrorCode.Conflict, (await Assert.ThrowsAsync<KmtException>(() => Tags.ReplaceAsync(recolored with { Name = "art" }, recolored.ETag, Ct))).Code);
        Assert.Equal(ErrorCode.NotFound, (await Assert.ThrowsAsync<KmtException>(() => Tags.ReplaceAsync(NewTag("x"), "\"e\"", Ct))).Code);
    }

    [Fact]
    public async Task Ensure_exist_adds_only_missing_names()
    {
        var existing = NewTag("science") with { Color = "#ff0000" };
        await Tags.CreateAsync(existing, Ct);

        await Tags.EnsureExistAsync(User, ["science", "science/physics", "art", "art"], "#6366f1", T0.AddDays(1), Ct);

        var tags = await Tags.ListAsync(User, Ct);
        Assert.Equal(["art", "science", "science/physics"], tags.Select(t => t.Name));
        Assert.Equal(existing, tags.Single(t => t.Name == "science"));
        var art = tags.Single(t => t.Name == "art");
        Assert.Equal("#6366f1", art.Color);
        Assert.Equal(T0.AddDays(1), art.CreatedAt);
        Assert.True(Ids.IsWellFormed(art.Id));
        Assert.NotEqual(art.ETag, tags.Single(t => t.Name == "science/physics").ETag);
    }

    [Fact]
    public async Task Rename_subtree_moves_root_and_descendants_but_not_look_alikes()
    {
        foreach (var name in new[] { "science", "science/physics", "science/physics/quantum", "science-fiction", "sciencefoo" })
        {
            await Tags.CreateAsync(NewTag(name), Ct);
        }

        var physics = await Tags.FindByNameAsync(User, "science/physics", Ct);

        await Tags.RenameSubtreeAsync(User, "science", "knowledge", T0.AddDays(1), Ct);

        Assert.Equal(["knowledge", "knowledge/physics", "knowledge/physics/quantum", "science-fiction", "sciencefoo"], await Names());
        var moved = await Tags.GetAsync(User, physics!.Id, Ct);
        Assert.Equal("knowledge/physics", moved!.Name);
        Assert.NotEqual(physics.ETag, moved.ETag);
        Assert.Equal(T0.AddDays(1), moved.UpdatedAt);
    }

    [Fact]
    public async Task Rename_subtree_into_a_taken_name_is_a_conflict_and_changes_nothing()
    {
        foreach (var name in new[] { "a", "a/b", "c", "c/b" })
        {
            await Tags.CreateAsync(NewTag(name), Ct);
        }

        var ex = await Assert.ThrowsAsync<KmtException>(() => Tags.RenameSubtreeAsync(User, "a", "c", T0, Ct));

        Assert.Equal(ErrorCode.Conflict, ex.Code);
        Assert.Equal(["a", "a/b", "c", "c/b"], await Names());
    }

    [Fact]
    public async Task Rename_subtree_below_itself_works_without_transient_conflicts()
    {
        foreach (var name in new[] { "a", "a/x" })
        {
            await Tags.CreateAsync(NewTag(name), Ct);
        }

        await Tags.RenameSubtreeAsync(User, "a", "a/x", T0, Ct);

        Assert.Equal(["a/x", "a/x/x"], await Names());
    }

    [Fact]
    public async Task Delete_removes_only_that_tag()
    {
        var tag = NewTag("science");
        await Tags.CreateAsync(tag, Ct);
        await Tags.CreateAsync(NewTag("art"), Ct);

        Assert.False(await Tags.DeleteAsync("user-b", tag.Id, Ct));
        Assert.True(await Tags.DeleteAsync(User, tag.Id, Ct));
        Assert.False(await Tags.DeleteAsync(User, tag.Id, Ct));
        Assert.Equal(["art"], await Names());
    }
}
