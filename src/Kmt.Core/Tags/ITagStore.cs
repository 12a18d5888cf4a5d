namespace Kmt.Core.Tags;

public interface ITagStore
{
    Task<IReadOnlyList<Tag>> ListAsync(string userId, CancellationToken cancellationToken);

    Task<Tag?> GetAsync(string userId, string tagId, CancellationToken cancellationToken);

    Task<Tag?> FindByNameAsync(string userId, string name, CancellationToken cancellationToken);

    /// <summary>Throws CONFLICT when the user already has a tag of that name.</summary>
    Task CreateAsync(Tag tag, CancellationToken cancellationToken);

    /// <summary>Creates the named tags the user does not have yet (default color); existing ones are left alone.</summary>
    Task EnsureExistAsync(string userId, IReadOnlyCollection<string> names, string defaultColor, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Replaces a tag when its ETag matches (PRECONDITION_FAILED otherwise, CONFLICT on a taken name).</summary>
    Task ReplaceAsync(Tag tag, string expectedETag, CancellationToken cancellationToken);

    /// <summary>
    /// Renames every tag whose name is <paramref name="oldPrefix"/> or starts with "<paramref name="oldPrefix"/>/"
    /// so the subtree moves with its root, as <see cref="TagRenamePlan"/> says. CONFLICT (and no change) if
    /// any new name is taken. Running it again after an interruption moves what is still below the old prefix.
    /// </summary>
    Task RenameSubtreeAsync(string userId, string oldPrefix, string newPrefix, DateTimeOffset at, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string userId, string tagId, CancellationToken cancellationToken);

    /// <summary>Stores (creates or replaces) the rename job of its tag.</summary>
    Task SaveRenameJobAsync(TagRenameJob job, CancellationToken cancellationToken);

    Task<TagRenameJob?> GetRenameJobAsync(string userId, string tagId, CancellationToken cancellationToken);

    /// <summary>Deletes a finished (or abandoned) rename job; no error when there is none.</summary>
    Task DeleteRenameJobAsync(string userId, string tagId, CancellationToken cancellationToken);

    /// <summary>
    /// Rename jobs of any user whose last run started before <paramref name="lastAttemptBefore"/>, oldest
    /// first, at most <paramref name="take"/>: the one query that spans users, for the sweep only.
    /// </summary>
    Task<IReadOnlyList<TagRenameJob>> ListStalledRenameJobsAsync(DateTimeOffset lastAttemptBefore, int take, CancellationToken cancellationToken);
}
