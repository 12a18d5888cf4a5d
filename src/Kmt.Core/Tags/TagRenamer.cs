using Kmt.Core.Common;
using Kmt.Core.Knowledge;
using Microsoft.Extensions.Logging;

namespace Kmt.Core.Tags;

/// <summary>
/// Runs a tag rename as a resumable job (docs/design/storage.md, "Resumable tag renames"): the job is
/// stored first, then the tags move (<see cref="ITagStore.RenameSubtreeAsync"/>), then the items
/// (<see cref="IKnowledgeStore.RenameTagAsync"/>), then the job is deleted. Each step is safe to run
/// again, so an interrupted job is finished by running it again: by the next PUT of the tag or by
/// <see cref="TagRenameSweeper"/>.
/// </summary>
public sealed class TagRenamer(ITagStore tags, IKnowledgeStore knowledge, TimeProvider time, ILogger<TagRenamer> logger)
{
    /// <summary>Starts and runs the rename of <paramref name="tag"/> to <paramref name="newName"/>; CONFLICT (nothing changed, no job left) when a new name is taken.</summary>
    public async Task StartAsync(Tag tag, string newName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tag);
        var now = time.GetUtcNow();
        var job = new TagRenameJob
        {
            UserId = tag.UserId,
            TagId = tag.Id,
            OldName = tag.Name,
            NewName = newName,
            RequestedAt = now,
            LastAttemptAt = now,
            Attempts = 1,
        };
        await tags.SaveRenameJobAsync(job, cancellationToken).ConfigureAwait(false);
        await RunAsync(job, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs (or finishes) a job. A job whose tags cannot move any more (a new name was taken meanwhile,
    /// or its tag was deleted or renamed otherwise) is dropped; CONFLICT reaches the caller.
    /// </summary>
    public async Task RunAsync(TagRenameJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (!job.TagsMoved)
        {
            // Once the root carries the new name, what is still below the old prefix is the rest of this
            // subtree (the store moves tag by tag on Cosmos DB): moving it again finishes the move.
            var root = await tags.GetAsync(job.UserId, job.TagId, cancellationToken).ConfigureAwait(false);
            if (root is null || (root.Name != job.OldName && root.Name != job.NewName))
            {
                logger.LogWarning("Tag rename {OldName} -> {NewName} of user {UserId} dropped: its tag was deleted or renamed otherwise", job.OldName, job.NewName, job.UserId);
                await tags.DeleteRenameJobAsync(job.UserId, job.TagId, CancellationToken.None).ConfigureAwait(false);
                return;
            }

            try
            {
                await tags.RenameSubtreeAsync(job.UserId, job.OldName, job.NewName, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            }
            catch (KmtException e) when (e.Code == ErrorCode.Conflict)
            {
                await tags.DeleteRenameJobAsync(job.UserId, job.TagId, CancellationToken.None).ConfigureAwait(false);
                throw;
            }

            job = job with { TagsMoved = true };
            await tags.SaveRenameJobAsync(job, cancellationToken).ConfigureAwait(false);
        }

        await knowledge.RenameTagAsync(job.UserId, job.OldName, job.NewName, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await tags.DeleteRenameJobAsync(job.UserId, job.TagId, cancellationToken).ConfigureAwait(false);
    }
}
