using Kmt.Core.Tags;
using Kmt.Core.Common;

namespace Kmt.Storage.Contracts;

/// <summary>ITagStore: unique names per user, ETags, ensure-exist, subtree renames, delete.</summary>
public abstract class TagStoreContract : StoreContract
{
    private async Task<List<string>> Names(string userId) => (await Stores.Tags.ListAsync(userId, Ct)).Select(t => t.Name).ToList();

    [Fact]
    public virtual async Task Sixteen_concurrent_creators_of_one_name_make_exactly_one_tag()
    {
        var candidates = Enumerable.Range(0, 16).Select(_ => NewTag(A, "race")).ToList();

        var outcomes = await Task.WhenAll(candidates.Select(tag => Task.Run(async () =>
        {
            try
            {
                await Stores.Tags.CreateAsync(tag, Ct);
                return (Tag: tag, Error: (ErrorCode?)null);
            }
            catch (KmtException e)
            {
                return (Tag: tag, Error: e.Code);
            }
        })));

        var winner = Assert.Single(outcomes, o => o.Error is null).Tag;
        Assert.All(outcomes.Where(o => o.Error is not null), o => Assert.Equal(ErrorCode.Conflict, o.Error));
        Assert.Equal(winner.Id, (await Stores.Tags.FindByNameAsync(A, "race", Ct))?.Id);
        Assert.Equal(["race"], await Names(A));
    }

    [Fact]
    public virtual async Task Sixteen_concurrent_ensure_exist_calls_with_a_new_name_make_exactly_one_tag()
    {
        // A multi-file upload whose files all carry a tag the user does not have yet.
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() =>
            Stores.Tags.EnsureExistAsync(A, ["new/tag", "other"], "#123456", T0, Ct))));

        Assert.Equal(["new/tag", "other"], await Names(A));
    }

    [Fact]
    public virtual async Task Create_get_find_list_sorted_and_duplicate_name_conflict()
    {
        var tags = Stores.Tags;
        var science = NewTag(A, "science");
        await tags.CreateAsync(science, Ct);
        await tags.CreateAsync(NewTag(A, "art"), Ct);

        Assert.Equal(science, await tags.GetAsync(A, science.Id, Ct));
        Assert.Null(await tags.GetAsync(B, science.Id, Ct));
        Assert.Equal(science, await tags.FindByNameAsync(A, "science", Ct));
        Assert.Null(await tags.FindByNameAsync(A, "sci", Ct));
        Assert.Equal(["art", "science"], await Names(A));

        var ex = await Assert.ThrowsAsync<KmtException>(() => tags.CreateAsync(NewTag(A, "science"), Ct));
        Assert.Equal(ErrorCode.Conflict, ex.Code);
        await tags.CreateAsync(NewTag(B, "science"), Ct);
        Assert.Equal(["science"], await Names(B));
    }

    [Fact]
    public virtual async Task Replace_checks_etag_existence_and_name()
    {
        var tags = Stores.Tags;
        var tag = NewTag(A, "science");
        await tags.CreateAsync(tag, Ct);
        await tags.CreateAsync(NewTag(A, "art"), Ct);

        var recolored = tag with { Color = "#000000", ETag = ETags.New(), UpdatedAt = T0.AddDays(1) };
        await tags.ReplaceAsync(recolored, tag.ETag, Ct);
        Assert.Equal(recolored, await tags.GetAsync(A, tag.Id, Ct));

        Assert.Equal(ErrorCode.PreconditionFailed, (await Assert.ThrowsAsync<KmtException>(() => tags.ReplaceAsync(recolored, tag.ETag, Ct))).Code);
        Assert.Equal(ErrorCode.Conflict, (await Assert.ThrowsAsync<KmtException>(() => tags.ReplaceAsync(recolored with { Name = "art", ETag = ETags.New() }, recolored.ETag, Ct))).Code);
        Assert.Equal(ErrorCode.NotFound, (await Assert.ThrowsAsync<KmtException>(() => tags.ReplaceAsync(NewTag(A, "x"), "\"e\"", Ct))).Code);
        Assert.Equal(recolored, await tags.GetAsync(A, tag.Id, Ct));

        // A rename to a free name frees the old one.
        var renamed = recolored with { Name = "sciences", ETag = ETags.New() };
        await tags.ReplaceAsync(renamed, recolored.ETag, Ct);
        Assert.Null(await tags.FindByNameAsync(A, "science", Ct));
        await tags.CreateAsync(NewTag(A, "science"), Ct);
    }

    [Fact]
    public virtual async Task Ensure_exist_adds_only_missing_names()
    {
        var tags = Stores.Tags;
        var existing = NewTag(A, "science") with { Color = "#ff0000" };
        await tags.CreateAsync(existing, Ct);

        await tags.EnsureExistAsync(A, ["science", "science/physics", "art", "art"], "#6366f1", T0.AddDays(1), Ct);
        await tags.EnsureExistAsync(A, ["art"], "#000000", T0.AddDays(2), Ct);

        var list = await tags.ListAsync(A, Ct);
        Assert.Equal(["art", "science", "science/physics"], list.Select(t => t.Name));
        Assert.Equal(existing, list.Single(t => t.Name == "science"));
        var art = list.Single(t => t.Name == "art");
        Assert.Equal("#6366f1", art.Color);
        Assert.Equal(T0.AddDays(1), art.CreatedAt);
        Assert.True(Ids.IsWellFormed(art.Id));
        Assert.NotEqual(art.ETag, list.Single(t => t.Name == "science/physics").ETag);
        Assert.Empty(await Names(B));
    }

    [Fact]
    public virtual async Task Rename_subtree_moves_root_and_descendants_but_not_look_alikes()
    {
        foreach (var name in new[] { "science", "science/physics", "science/physics/quantum", "science-fiction", "sciencefoo" })
        {
            await Stores.Tags.CreateAsync(NewTag(A, name), Ct);
        }

        await Stores.Tags.CreateAsync(NewTag(B, "science"), Ct);
        var physics = await Stores.Tags.FindByNameAsync(A, "science/physics", Ct);

        await Stores.Tags.RenameSubtreeAsync(A, "science", "knowledge", T0.AddDays(1), Ct);

        Assert.Equal(["knowledge", "knowledge/physics", "knowledge/physics/quantum", "science-fiction", "sciencefoo"], await Names(A));
        var moved = await Stores.Tags.GetAsync(A, physics!.Id, Ct);
        Assert.Equal("knowledge/physics", moved!.Name);
        Assert.NotEqual(physics.ETag, moved.ETag);
        Assert.Equal(T0.AddDays(1), moved.UpdatedAt);
        Assert.Equal(["science"], await Names(B));
        Assert.NotNull(await Stores.Tags.FindByNameAsync(A, "knowledge/physics/quantum", Ct));
    }

    [Fact]
    public virtual async Task Rename_subtree_into_a_taken_name_is_a_conflict_and_changes_nothing()
    {
        foreach (var name in new[] { "a", "a/b", "c", "c/b" })
        {
            await Stores.Tags.CreateAsync(NewTag(A, name), Ct);
        }

        var ex = await Assert.ThrowsAsync<KmtException>(() => Stores.Tags.RenameSubtreeAsync(A, "a", "c", T0, Ct));

        Assert.Equal(ErrorCode.Conflict, ex.Code);
        Assert.Equal(["a", "a/b", "c", "c/b"], await Names(A));
    }

    [Fact]
    public virtual async Task Rename_subtree_below_itself_works_without_transient_conflicts()
    {
        foreach (var name in new[] { "a", "a/x" })
        {
            await Stores.Tags.CreateAsync(NewTag(A, name), Ct);
        }

        await Stores.Tags.RenameSubtreeAsync(A, "a", "a/x", T0, Ct);

        Assert.Equal(["a/x", "a/x/x"], await Names(A));
    }

    [Fact]
    public virtual async Task Renaming_again_after_an_interrupted_rename_moves_the_rest_of_the_subtree()
    {
        foreach (var name in new[] { "ml", "ml/nlp", "ml/nlp/bert" })
        {
            await Stores.Tags.CreateAsync(NewTag(A, name), Ct);
        }

        // Interrupted after the root moved (Cosmos DB renames tag by tag).
        var root = await Stores.Tags.FindByNameAsync(A, "ml", Ct);
        await Stores.Tags.ReplaceAsync(root! with { Name = "machine-learning", ETag = ETags.New() }, root!.ETag, Ct);

        await Stores.Tags.RenameSubtreeAsync(A, "ml", "machine-learning", T0, Ct);

        Assert.Equal(["machine-learning", "machine-learning/nlp", "machine-learning/nlp/bert"], await Names(A));
        await Stores.Tags.CreateAsync(NewTag(A, "ml"), Ct); // the old name is free again
    }

    [Fact]
    public virtual async Task Rename_jobs_are_stored_per_tag_and_listed_across_users_once_stalled()
    {
        var job = new TagRenameJob { UserId = A, TagId = Ids.New(), OldName = "ml", NewName = "ai", RequestedAt = T0, LastAttemptAt = T0, Attempts = 1 };
        var other = job with { UserId = B, TagId = Ids.New(), LastAttemptAt = T0.AddMinutes(1) };
        await Stores.Tags.SaveRenameJobAsync(job, Ct);
        await Stores.Tags.SaveRenameJobAsync(other, Ct);

        Assert.Equal(job, await Stores.Tags.GetRenameJobAsync(A, job.TagId, Ct));
        Assert.Null(await Stores.Tags.GetRenameJobAsync(B, job.TagId, Ct));

        var moved = job with { TagsMoved = true, Attempts = 2, LastAttemptAt = T0.AddMinutes(2) };
        await Stores.Tags.SaveRenameJobAsync(moved, Ct);
        Assert.Equal(moved, await Stores.Tags.GetRenameJobAsync(A, job.TagId, Ct));

        var mine = (await Stores.Tags.ListStalledRenameJobsAsync(T0.AddMinutes(3), 1000, Ct)).Where(j => j.UserId == A || j.UserId == B).ToList();
        Assert.Equal([other, moved], mine);
        Assert.DoesNotContain(await Stores.Tags.ListStalledRenameJobsAsync(T0.AddMinutes(2), 1000, Ct), j => j.UserId == A);

        await Stores.Tags.DeleteRenameJobAsync(A, job.TagId, Ct);
        await Stores.Tags.DeleteRenameJobAsync(A, job.TagId, Ct);
        Assert.Null(await Stores.Tags.GetRenameJobAsync(A, job.TagId, Ct));
        Assert.NotNull(await Stores.Tags.GetRenameJobAsync(B, other.TagId, Ct));
    }

    [Fact]
    public virtual async Task Delete_removes_only_that_tag_of_that_user()
    {
        var tag = NewTag(A, "science");
        await Stores.Tags.CreateAsync(tag, Ct);
        await Stores.Tags.CreateAsync(NewTag(A, "art"), Ct);

        Assert.False(await Stores.Tags.DeleteAsync(B, tag.Id, Ct));
        Assert.True(await Stores.Tags.DeleteAsync(A, tag.Id, Ct));
        Assert.False(await Stores.Tags.DeleteAsync(A, tag.Id, Ct));
        Assert.Equal(["art"], await Names(A));
        Assert.Null(await Stores.Tags.FindByNameAsync(A, "science", Ct));
        await Stores.Tags.CreateAsync(NewTag(A, "science"), Ct);
    }
}
