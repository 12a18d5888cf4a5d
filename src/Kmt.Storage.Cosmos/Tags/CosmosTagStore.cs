using Kmt.Core.Common;
using Kmt.Core.Tags;
using Kmt.Storage.Cosmos.Common;
using Kmt.Storage.Cosmos.Documents;
using Microsoft.Azure.Cosmos;
using static Kmt.Storage.Cosmos.CosmosOperations;

namespace Kmt.Storage.Cosmos.Tags;

/// <summary>
/// Tags (type "tag") in container tags, partitioned by user, unique per user by name through a name lock
/// document (type "tagName", id "name:{name}") created before the tag that uses the name and removed
/// after it stops using it. The lock is a claim (<see cref="Claims"/>): pending with a lease until its tag
/// is written, so of many concurrent creators of one name (a multi-file upload with a new tag) exactly one
/// makes the tag. A lock whose tag does not hold that name and whose lease has run out (left by an
/// interrupted write) is taken over by the next tag that wants the name. Rename jobs (type "tagRename")
/// live in the same partition.
/// </summary>
public sealed partial class CosmosTagStore(CosmosDatabase database, TimeProvider? time = null) : ITagStore
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    private const string NameTaken = "A tag with this name already exists.";

    public async Task<IReadOnlyList<Tag>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        var container = await Container(cancellationToken).ConfigureAwait(false);
        var query = new QueryDefinition("SELECT * FROM c WHERE c.userId = @u AND c.type = @type ORDER BY c.name")
            .WithParameter("@u", userId).WithParameter("@type", TagDocument.TagType);
        var documents = await QueryAsync<TagDocument>(container, query, userId, null, cancellationToken).ConfigureAwait(false);
        return documents.Select(DocumentMapper.ToTag).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
    }

    public async Task<Tag?> GetAsync(string userId, string tagId, CancellationToken cancellationToken)
    {
        var document = await ReadTagAsync(await Container(cancellationToken).ConfigureAwait(false), userId, tagId, cancellationToken).ConfigureAwait(false);
        return document is null ? null : DocumentMapper.ToTag(document);
    }

    public async Task<Tag?> FindByNameAsync(string userId, string name, CancellationToken cancellationToken)
    {
        var container = await Container(cancellationToken).ConfigureAwait(false);
        var document = await FindDocumentByNameAsync(container, userId, name, cancellationToken).ConfigureAwait(false);
        return document is null ? null : DocumentMapper.ToTag(document);
    }

    public async Task CreateAsync(Tag tag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tag);
        var container = await Container(cancellationToken).ConfigureAwait(false);
        if (!await TryCreateClaimedAsync(container, tag, cancellationToken).ConfigureAwait(false))
        {
            throw KmtException.Conflict(NameTaken);
        }
    }

    public async Task EnsureExistAsync(string userId, IReadOnlyCollection<string> names, string defaultColor, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        var container = await Container(cancellationToken).ConfigureAwait(false);
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            // false: the name exists or another request is creating it; either way there is one tag.
            var tag = new Tag { Id = Ids.New(), UserId = userId, Name = name, Color = defaultColor, CreatedAt = at, UpdatedAt = at, ETag = ETags.New() };
            await TryCreateClaimedAsync(container, tag, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Claims the tag's name, creates the tag and confirms the claim. False (and nothing created) when
    /// another tag holds the name or is being created with it.
    /// </summary>
    private async Task<bool> TryCreateClaimedAsync(Container container, Tag tag, CancellationToken cancellationToken)
    {
        var etag = await ClaimNameAsync(container, tag.UserId, tag.Name, tag.Id, cancellationToken).ConfigureAwait(false);
        if (etag is null)
        {
            return false;
        }

        if (!await TryCreateAsync(container, DocumentMapper.ToDocument(tag), tag.UserId, cancellationToken).ConfigureAwait(false))
        {
            await ReleaseNameAsync(container, tag.UserId, tag.Name, tag.Id, cancellationToken).ConfigureAwait(false);
            throw KmtException.Conflict("A tag with this id already exists.");
        }

        var id = TagNameDocument.IdFor(tag.Name);
        var owned = new TagNameDocument { Id = id, UserId = tag.UserId, TagId = tag.Id };
        if (!await Claims.ConfirmAsync(container, owned, id, tag.UserId, etag, cancellationToken).ConfigureAwait(false))
        {
            // Our lease ran out and another tag took the name over: this one must not exist.
            await CosmosOperations.DeleteAsync(container, tag.Id, tag.UserId, CancellationToken.None).ConfigureAwait(false);
            return false;
        }

        return true;
    }

    public async Task ReplaceAsync(Tag tag, string expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tag);
        var container = await Container(cancellationToken).ConfigureAwait(false);
        var claimed = false;
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var current = await ReadTagAsync(container, tag.UserId, tag.Id, cancellationToken).ConfigureAwait(false)
                    ?? throw KmtException.NotFound("Tag");
                if (!string.Equals(current.ETag, expectedETag, StringComparison.Ordinal) || attempt >= database.Options.MaxWriteAttempts)
                {
                    throw KmtException.PreconditionFailed();
                }

                var renamed = !string.Equals(current.Name, tag.Name, StringComparison.Ordinal);
                if (renamed && !claimed)
                {
                    if (!await TryClaimNameAsync(container, tag.UserId, tag.Name, tag.Id, cancellationToken).ConfigureAwait(false))
                    {
                        throw KmtException.Conflict(NameTaken);
                    }

                    claimed = true;
                }

                if (await TryReplaceAsync(container, DocumentMapper.ToDocument(tag), tag.Id, tag.UserId, current.SystemETag, "Tag", cancellationToken).ConfigureAwait(false))
                {
                    claimed = false;
                    if (renamed)
                    {
                        await ReleaseNameAsync(container, tag.UserId, current.Name, tag.Id, cancellationToken).ConfigureAwait(false);
                    }

                    return;
                }
            }
        }
        finally
        {
            if (claimed)
            {
                await ReleaseNameAsync(container, tag.UserId, tag.Name, tag.Id, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    public async Task RenameSubtreeAsync(string userId, string oldPrefix, string newPrefix, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (string.Equals(oldPrefix, newPrefix, StringComparison.Ordinal))
        {
            return;
        }

        var container = await Container(cancellationToken).ConfigureAwait(false);
        var query = new QueryDefinition("SELECT * FROM c WHERE c.userId = @u AND c.type = @type AND (c.name = @name OR STARTSWITH(c.name, @below))")
            .WithParameter("@u", userId).WithParameter("@type", TagDocument.TagType)
            .WithParameter("@name", oldPrefix).WithParameter("@below", oldPrefix + TagPath.Separator);
        var subtree = (await QueryAsync<TagDocument>(container, query, userId, null, cancellationToken).ConfigureAwait(false))
            .ToDictionary(t => t.Id, StringComparer.Ordinal);
        var plan = TagRenamePlan.Create(subtree.Values.Select(t => (t.Id, t.Name)), oldPrefix, newPrefix);
        if (plan.Moves.Count == 0)
        {
            return;
        }

        // A target name held by a tag outside the moving subtree is a conflict (and nothing changes).
        foreach (var newName in plan.NewNames)
        {
            if (await FindDocumentByNameAsync(container, userId, newName, cancellationToken).ConfigureAwait(false) is not null)
            {
                throw KmtException.Conflict($"A tag named \"{newName}\" already exists.");
            }
        }

        // Claim every new name first (names inside the subtree are handed over from tag to tag), then
        // rename the tags, then release the names nobody holds any more. Run again after a crash, the
        // same tag re-takes its own claims and the tags still below the old prefix move.
        var claimed = new List<TagMove>();
        try
        {
            foreach (var move in plan.Moves)
            {
                var ok = plan.IsMoving(move.To)
                    ? await HandOverNameAsync(container, userId, move.To, move.TagId, cancellationToken).ConfigureAwait(false)
                    : await TryClaimNameAsync(container, userId, move.To, move.TagId, cancellationToken).ConfigureAwait(false);
                if (!ok)
                {
                    throw KmtException.Conflict($"A tag named \"{move.To}\" already exists.");
                }

                claimed.Add(move);
            }
        }
        catch
        {
            foreach (var move in claimed.Where(m => !plan.IsMoving(m.To)))
            {
                await ReleaseNameAsync(container, userId, move.To, move.TagId, CancellationToken.None).ConfigureAwait(false);
            }

            throw;
        }

        foreach (var move in plan.Moves)
        {
            for (var attempt = 0; attempt < database.Options.MaxWriteAttempts; attempt++)
            {
                var current = attempt == 0 ? subtree[move.TagId] : await ReadTagAsync(container, userId, move.TagId, cancellationToken).ConfigureAwait(false);
                if (current is null)
                {
                    break;
                }

                var systemETag = current.SystemETag;
                current.Name = move.To;
                current.UpdatedAt = CosmosJson.Time(at);
                current.ETag = ETags.New();
                if (await TryReplaceAsync(container, current, current.Id, userId, systemETag, "Tag", cancellationToken).ConfigureAwait(false))
                {
                    break;
                }
            }
        }

        foreach (var move in plan.ReleasedNames)
        {
            await ReleaseNameAsync(container, userId, move.From, move.TagId, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<bool> DeleteAsync(string userId, string tagId, CancellationToken cancellationToken)
    {
        var container = await Container(cancellationToken).ConfigureAwait(false);
        var current = await ReadTagAsync(container, userId, tagId, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return false;
        }

        var deleted = await CosmosOperations.DeleteAsync(container, tagId, userId, cancellationToken).ConfigureAwait(false);
        await ReleaseNameAsync(container, userId, current.Name, tagId, cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    private static async Task<TagDocument?> FindDocumentByNameAsync(Container container, string userId, string name, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.userId = @u AND c.type = @type AND c.name = @name")
            .WithParameter("@u", userId).WithParameter("@type", TagDocument.TagType).WithParameter("@name", name);
        var found = await QueryAsync<TagDocument>(container, query, userId, 1, cancellationToken).ConfigureAwait(false);
        return found.Count > 0 ? found[0] : null;
    }

    private static async Task<TagDocument?> ReadTagAsync(Container container, string userId, string tagId, CancellationToken cancellationToken)
    {
        var document = await ReadAsync<TagDocument>(container, tagId, userId, cancellationToken).ConfigureAwait(false);
        return document is { Type: TagDocument.TagType } ? document : null;
    }

    /// <summary>Creates the name lock for <paramref name="tagId"/>; false when another tag holds the name or is being created with it.</summary>
    private async Task<bool> TryClaimNameAsync(Container container, string userId, string name, string tagId, CancellationToken cancellationToken) =>
        await ClaimNameAsync(container, userId, name, tagId, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>The claim's _etag (to confirm once the tag is written), or null when the name is taken or in flight.</summary>
    private Task<string?> ClaimNameAsync(Container container, string userId, string name, string tagId, CancellationToken cancellationToken)
    {
        var id = TagNameDocument.IdFor(name);
        var now = _time.GetUtcNow();
        return Claims.TryClaimAsync(
            container,
            id,
            userId,
            () => new TagNameDocument
            {
                Id = id, UserId = userId, TagId = tagId, State = Claims.Pending, LeaseUntil = CosmosJson.Time(now + database.Options.ClaimLease),
            },
            async existing =>
            {
                var holder = await ReadTagAsync(container, userId, existing.TagId, cancellationToken).ConfigureAwait(false);
                return holder is not null && holder.Name == name;
            },
            now,
            database.Options.MaxWriteAttempts,
            cancellationToken);
    }

    /// <summary>Points an existing lock (a name moving within a renamed subtree) at <paramref name="tagId"/>.</summary>
    private static async Task<bool> HandOverNameAsync(Container container, string userId, string name, string tagId, CancellationToken cancellationToken)
    {
        await UpsertAsync(container, new TagNameDocument { Id = TagNameDocument.IdFor(name), UserId = userId, TagId = tagId }, userId, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Deletes the name lock if it still belongs to <paramref name="tagId"/>.</summary>
    private static async Task ReleaseNameAsync(Container container, string userId, string name, string tagId, CancellationToken cancellationToken)
    {
        var id = TagNameDocument.IdFor(name);
        var existing = await ReadAsync<TagNameDocument>(container, id, userId, cancellationToken).ConfigureAwait(false);
        if (existing is null || existing.TagId != tagId)
        {
            return;
        }

        try
        {
            await container.DeleteItemAsync<TagNameDocument>(id, new PartitionKey(userId), IfMatch(existing.SystemETag), cancellationToken).ConfigureAwait(false);
        }
        catch (CosmosException ex) when (ex.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.PreconditionFailed)
        {
            // Gone, or handed over meanwhile.
        }
    }

    private Task<Container> Container(CancellationToken cancellationToken) => database.ContainerAsync(ContainerDefinitions.Tags, cancellationToken);
}
