using Kmt.Core.Common;
using Kmt.Core.Tags;

namespace Kmt.Core.Tests.Fakes;

/// <summary>Tags and rename jobs in memory; subtree renames follow <see cref="TagRenamePlan"/> like the real stores.</summary>
internal sealed class InMemoryTagStore : ITagStore
{
    public Dictionary<string, Tag> Tags { get; } = new();

    public Dictionary<(string UserId, string TagId), TagRenameJob> Jobs { get; } = new();

    public Tag Add(string userId, string name)
    {
        var tag = new Tag { Id = Ids.New(), UserId = userId, Name = name, Color = "#6366f1", CreatedAt = TestSupport.Start, UpdatedAt = TestSupport.Start, ETag = ETags.New() };
        Tags[tag.Id] = tag;
        return tag;
    }

    public IReadOnlyList<string> Names(string userId) => Tags.Values.Where(t => t.UserId == userId).Select(t => t.Name).Order(StringComparer.Ordinal).ToList();

    public Task<IReadOnlyList<Tag>> ListAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Tag>>(Tags.Values.Where(t => t.UserId == userId).OrderBy(t => t.Name, StringComparer.Ordinal).ToList());

    public Task<Tag?> GetAsync(string userId, string tagId, CancellationToken cancellationToken) =>
        Task.FromResult(Tags.TryGetValue(tagId, out var tag) && tag.UserId == userId ? tag : null);

    public Task<Tag?> FindByNameAsync(string userId, string name, CancellationToken cancellationToken) =>
        Task.FromResult(Tags.Values.FirstOrDefault(t => t.UserId == userId && t.Name == name));

    public Task CreateAsync(Tag tag, CancellationToken cancellationToken)
    {
        Tags[tag.Id] = tag;
        return Task.CompletedTask;
    }

    public Task EnsureExistAsync(string userId, IReadOnlyCollection<string> names, string defaultColor, DateTimeOffset at, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task ReplaceAsync(Tag tag, string expectedETag, CancellationToken cancellationToken)
    {
        if (Tags[tag.Id].ETag != expectedETag)
        {
            throw KmtException.PreconditionFailed();
        }

        Tags[tag.Id] = tag;
        return Task.CompletedTask;
    }

    public Task RenameSubtreeAsync(string userId, string oldPrefix, string newPrefix, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var plan = TagRenamePlan.Create(Tags.Values.Where(t => t.UserId == userId).Select(t => (t.Id, t.Name)), oldPrefix, newPrefix);
        if (plan.NewNames.Any(n => Tags.Values.Any(t => t.UserId == userId && t.Name == n)))
        {
            throw KmtException.Conflict("taken");
        }

        foreach (var move in plan.Moves)
        {
            Tags[move.TagId] = Tags[move.TagId] with { Name = move.To, UpdatedAt = at, ETag = ETags.New() };
        }

        return Task.CompletedTask;
    }

    public Task<bool> DeleteAsync(string userId, string tagId, CancellationToken cancellationToken) => Task.FromResult(Tags.Remove(tagId));

    public Task SaveRenameJobAsync(TagRenameJob job, CancellationToken cancellationToken)
    {
        Jobs[(job.UserId, job.TagId)] = job;
        return Task.CompletedTask;
    }

    public Task<TagRenameJob?> GetRenameJobAsync(string userId, string tagId, CancellationToken cancellationToken) =>
        Task.FromResult(Jobs.GetValueOrDefault((userId, tagId)));

    public Task DeleteRenameJobAsync(string userId, string tagId, CancellationToken cancellationToken)
    {
        Jobs.Remove((userId, tagId));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<TagRenameJob>> ListStalledRenameJobsAsync(DateTimeOffset lastAttemptBefore, int take, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<TagRenameJob>>(Jobs.Values.Where(j => j.LastAttemptAt < lastAttemptBefore).OrderBy(j => j.LastAttemptAt).Take(take).ToList());
}
