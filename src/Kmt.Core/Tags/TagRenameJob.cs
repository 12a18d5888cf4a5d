namespace Kmt.Core.Tags;

/// <summary>
/// A tag rename in progress (docs/design/storage.md, "Resumable tag renames"). Written before anything is
/// renamed and deleted once the tags and every item carry the new path, so a crash midway leaves a
/// record that the next PUT of that tag or the tag rename sweep finishes. One per tag.
/// </summary>
public sealed record TagRenameJob
{
    public required string UserId { get; init; }

    /// <summary>The renamed tag (the root of the moving subtree).</summary>
    public required string TagId { get; init; }

    public required string OldName { get; init; }

    public required string NewName { get; init; }

    public required DateTimeOffset RequestedAt { get; init; }

    /// <summary>When a run last started; the sweep takes a job whose last run is older than <see cref="TagOptions.RenameStalledAfter"/>.</summary>
    public required DateTimeOffset LastAttemptAt { get; init; }

    public int Attempts { get; init; }

    /// <summary>True once the tags carry the new names: only the items are left.</summary>
    public bool TagsMoved { get; init; }
}
