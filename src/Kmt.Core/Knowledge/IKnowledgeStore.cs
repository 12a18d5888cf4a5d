using Kmt.Core.Common;

namespace Kmt.Core.Knowledge;

/// <summary>
/// Knowledge items with their versions, partitioned by user. Every method takes the user id and
/// never touches another user's partition: an item of another user is simply "not found".
/// </summary>
public interface IKnowledgeStore
{
    /// <summary>A live or trashed item; null when missing or erased.</summary>
    Task<KnowledgeItem?> GetAsync(string userId, string itemId, CancellationToken cancellationToken);

    Task CreateAsync(KnowledgeItem item, CancellationToken cancellationToken);

    /// <summary>
    /// The user's item (live or trashed) whose <see cref="KnowledgeItem.SourceId"/> is
    /// <paramref name="sourceId"/>, or null: how an import knows a record is already held.
    /// </summary>
    Task<KnowledgeItem?> FindBySourceIdAsync(string userId, string sourceId, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the item and stores <paramref name="previous"/> as a version, atomically, only if the
    /// stored ETag equals <paramref name="expectedETag"/>; throws PRECONDITION_FAILED otherwise and
    /// NOT_FOUND when the item is gone.
    /// </summary>
    Task ReplaceAsync(KnowledgeItem item, string expectedETag, KnowledgeItemVersion? previous, CancellationToken cancellationToken);

    /// <summary>
    /// Counts one access (accessed_at, access_count) without changing the ETag and without rewriting the
    /// item (a narrow update: SQL UPDATE of two columns, a Cosmos DB Patch); returns the updated item or null.
    /// accessed_at never moves back (<see cref="AccessCounting"/>).
    /// </summary>
    Task<KnowledgeItem?> RecordAccessAsync(string userId, string itemId, DateTimeOffset accessedAt, CancellationToken cancellationToken);

    /// <summary>
    /// Adds batched accesses (<see cref="PendingAccesses"/>): each tally's count is added to access_count
    /// (an increment, never a replace, so instances flushing the same item add up) and accessed_at moves
    /// forward to its time, without an ETag change and without reading the item back. Tallies of items
    /// that are gone (or another user's) are skipped.
    /// </summary>
    Task RecordAccessesAsync(IReadOnlyList<AccessTally> tallies, CancellationToken cancellationToken);

    /// <summary>
    /// Sets importance_score of each named item (the insight pipeline's latest prediction) without
    /// changing the ETag, the version or the graph mark (a narrow update, like <see cref="RecordAccessAsync"/>).
    /// Items that are missing are skipped; returns how many were updated.
    /// </summary>
    Task<int> SetImportanceScoresAsync(string userId, IReadOnlyDictionary<string, double> scores, CancellationToken cancellationToken);

    /// <summary>
    /// The listing's items with <see cref="KnowledgeItem.Content"/> cut to the preview
    /// (<see cref="KnowledgePreview"/>) and <see cref="KnowledgeItem.ContentLength"/> whole: a store
    /// projects the preview in its query and never loads whole documents for a list.
    /// </summary>
    Task<Page<KnowledgeItem>> ListAsync(KnowledgeListQuery query, CancellationToken cancellationToken);

    /// <summary>Earlier versions, newest first: <paramref name="take"/> of them after the first <paramref name="skip"/>; the total counts all.</summary>
    Task<Page<KnowledgeItemVersion>> ListVersionsAsync(string userId, string itemId, int skip, int take, CancellationToken cancellationToken);

    /// <summary>Erases the item, its versions and its search entry.</summary>
    Task<bool> EraseAsync(string userId, string itemId, CancellationToken cancellationToken);

    /// <summary>
    /// Ranked full-text search over live (not trashed) items; total counts every match. Hits carry the
    /// content preview like <see cref="ListAsync"/>.
    /// </summary>
    Task<(IReadOnlyList<SearchHit> Hits, long Total)> SearchAsync(KnowledgeSearchQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Renames a tag path and every path below it on all of the user's items (live, trashed and
    /// versions keep their history). Returns the number of items changed; each changed item gets a new ETag.
    /// </summary>
    Task<int> RenameTagAsync(string userId, string oldPath, string newPath, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Removes exactly this tag path from all of the user's items; returns the number changed.</summary>
    Task<int> RemoveTagAsync(string userId, string path, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Clears <see cref="KnowledgeItem.GraphPendingSince"/> only if the item still has ETag
    /// <paramref name="etag"/> (the version the graph now reflects), without changing the ETag; false otherwise.
    /// </summary>
    Task<bool> ClearGraphPendingAsync(string userId, string itemId, string etag, CancellationToken cancellationToken);

    /// <summary>
    /// Items of any user whose graph change has been pending since before <paramref name="before"/>, oldest
    /// first, at most <paramref name="take"/> (the nightly reconciliation; the one query across users).
    /// Tag renames and removals mark the items they change as pending too.
    /// </summary>
    Task<IReadOnlyList<ItemKey>> ListGraphPendingAsync(DateTimeOffset before, int take, CancellationToken cancellationToken);

    /// <summary>
    /// The user's items whose graph change is pending, oldest first, at most <paramref name="take"/>: what one
    /// graph-changes message applies in one batch (docs/design/graph.md, "Keeping the graph current").
    /// </summary>
    Task<IReadOnlyList<ItemKey>> ListGraphPendingForUserAsync(string userId, int take, CancellationToken cancellationToken);

    /// <summary>
    /// How many live items carry exactly each of <paramref name="tags"/> (a tag no live item carries is
    /// absent). The caller names the tags (GET tags passes the user's tag list) so a store can count each
    /// from its index instead of reading every item (docs/design/storage.md, "Tag counts").
    /// </summary>
    Task<IReadOnlyDictionary<string, int>> CountByTagAsync(string userId, IReadOnlyCollection<string> tags, CancellationToken cancellationToken);
}
