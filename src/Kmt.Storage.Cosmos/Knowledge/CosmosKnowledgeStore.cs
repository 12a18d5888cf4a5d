using System.Net;
using Kmt.Core.Common;
using Kmt.Core.Knowledge;
using Kmt.Core.Tags;
using Kmt.Storage.Cosmos.Common;
using Kmt.Storage.Cosmos.Documents;
using Microsoft.Azure.Cosmos;
using static Kmt.Storage.Cosmos.CosmosOperations;

namespace Kmt.Storage.Cosmos.Knowledge;

/// <summary>
/// Knowledge items (type "item", id = item id) and their versions (type "version", id "{itemId}:v{n}") in
/// container knowledge, partitioned by user. Items carry tagPrefixes for subtree tag filters.
/// </summary>
/// <remarks>
/// Every read-modify-write reads the document, checks our "etag" against the caller's, and replaces it
/// with IfMatchEtag = Cosmos DB's _etag; a 412 means someone wrote meanwhile, so it reads again: if our
/// etag changed the caller lost (PRECONDITION_FAILED), otherwise (a bookkeeping write such as an access)
/// it retries. A replace writes the previous version and the item in one TransactionalBatch; with
/// <see cref="CosmosStoreOptions.UseTransactionalBatch"/> off (the local server) the version is written
/// first and removed again if the item's replace then fails, so a crash in between can leave a version
/// document whose item still shows the old content (harmless: listed as history, overwritten by nothing).
/// </remarks>
public sealed class CosmosKnowledgeStore(CosmosDatabase database) : IKnowledgeStore
{
    private const string What = "Knowledge item";

    /// <summary>Access-count patches in flight at once during a flush.</summary>
    private const int AccessPatchConcurrency = 8;

    public async Task<KnowledgeItem?> GetAsync(string userId, string itemId, CancellationToken cancellationToken)
    {
        var document = await ReadItemAsync(await Container(cancellationToken).ConfigureAwait(false), userId, itemId, cancellationToken).ConfigureAwait(false);
        return document is null ? null : DocumentMapper.ToItem(document);
    }

    public async Task CreateAsync(KnowledgeItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var container = await Container(cancellationToken).ConfigureAwait(false);
        if (!await TryCreateAsync(container, DocumentMapper.ToDocument(item), item.UserId, cancellationToken).ConfigureAwait(false))
        {
            throw KmtException.Conflict("An item with this id already exists.");
        }
    }

    /// <summary>
    /// A query in the user's partition. Cosmos DB has no unique index on sourceId (unique keys cannot be
    /// added to a container that exists): the import derives the item's id from the source id
    /// (Kmt.Core/Import/ImportIds), so two imports of one record collide on the id instead.
    /// </summary>
    public async Task<KnowledgeItem?> FindBySourceIdAsync(string userId, string sourceId, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.userId = @u AND c.type = @t AND c.sourceId = @s")
            .WithParameter("@u", userId).WithParameter("@t", KnowledgeItemDocument.ItemType).WithParameter("@s", sourceId);
        var documents = await QueryAsync<KnowledgeItemDocument>(await Container(cancellationToken).ConfigureAwait(false), query, userId, 1, cancellationToken).ConfigureAwait(false);
        return documents.Count == 0 ? null : DocumentMapper.ToItem(documents[0]);
    }

    public async Task ReplaceAsync(KnowledgeItem item, string expectedETag, KnowledgeItemVersion? previous, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var container = await Container(cancellationToken).ConfigureAwait(false);
        // Every writer replacing the same base (expectedETag) stores the same version document, so
        // versions are upserted: a concurrent writer's version is never a conflict, and the item's
        // IfMatch replace alone decides who wins; the losers end with PRECONDITION_FAILED.
        var version = previous is null ? null : DocumentMapper.ToDocument(item.UserId, item.Id, previous);
        var versionWritten = false;
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var current = await ReadItemAsync(container, item.UserId, item.Id, cancellationToken).ConfigureAwait(false)
                    ?? throw KmtException.NotFound(What);
                if (!string.Equals(current.ETag, expectedETag, StringComparison.Ordinal) || attempt >= database.Options.MaxWriteAttempts)
                {
                    throw KmtException.PreconditionFailed();
                }

                var replacement = DocumentMapper.ToDocument(item);
                // Access bookkeeping is recorded without an ETag change, so a replace based on an older
                // read must not roll it back: keep the larger values.
                var (accessCount, accessedAt) = AccessCounting.Merge(
                    current.AccessCount, CosmosJson.ParseTime(current.AccessedAt), item.AccessCount, item.AccessedAt);
                replacement.AccessCount = accessCount;
                replacement.AccessedAt = CosmosJson.Time(accessedAt);
                replacement.Vector = current.Vector;

                if (database.Options.UseTransactionalBatch)
                {
                    var batch = container.CreateTransactionalBatch(new PartitionKey(item.UserId));
                    if (version is not null)
                    {
                        batch = batch.UpsertItem(version);
                    }

                    using var response = await batch
                        .ReplaceItem(item.Id, replacement, new TransactionalBatchItemRequestOptions { IfMatchEtag = current.SystemETag })
                        .ExecuteAsync(cancellationToken).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }

                    var failed = response.FirstOrDefault(r => r.StatusCode != HttpStatusCode.FailedDependency)?.StatusCode ?? response.StatusCode;
                    switch (failed)
                    {
                        case HttpStatusCode.PreconditionFailed:
                        case HttpStatusCode.NotFound:
                            continue;
                        default:
                            throw new CosmosException($"Replacing an item failed: {response.ErrorMessage}", failed, 0, response.ActivityId, response.RequestCharge);
                    }
                }

                if (version is not null && !versionWritten)
                {
                    await container.UpsertItemAsync(version, new PartitionKey(item.UserId), cancellationToken: cancellationToken).ConfigureAwait(false);
                    versionWritten = true;
                }

                if (await TryReplaceAsync(container, replacement, item.Id, item.UserId, current.SystemETag, What, cancellationToken).ConfigureAwait(false))
                {
                    versionWritten = false;
                    return;
                }
            }
        }
        finally
        {
            // Without a batch the version went first; take it back unless another writer's replace of
            // the same base succeeded, in which case it is that writer's version too.
            if (versionWritten)
            {
                var now = await ReadItemAsync(container, item.UserId, item.Id, CancellationToken.None).ConfigureAwait(false);
                if (now is null || string.Equals(now.ETag, expectedETag, StringComparison.Ordinal))
                {
                    await DeleteAsync(container, version!.Id, item.UserId, CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
    }

    public async Task<KnowledgeItem?> RecordAccessAsync(string userId, string itemId, DateTimeOffset accessedAt, CancellationToken cancellationToken)
    {
        // One Patch (increment + set) instead of a read and a replace of the whole document: no
        // _etag race to lose, and the request carries two fields, not the content (issue 7, defect 9).
        var container = await Container(cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await container.PatchItemAsync<KnowledgeItemDocument>(
                itemId,
                new PartitionKey(userId),
                [PatchOperation.Increment("/accessCount", 1), PatchOperation.Set("/accessedAt", CosmosJson.Time(accessedAt))],
                cancellationToken: cancellationToken).ConfigureAwait(false);
            var document = response.Resource;
            return document is { Type: KnowledgeItemDocument.ItemType } && document.UserId == userId ? DocumentMapper.ToItem(document) : null;
        }
        catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>One Patch per item (set /importanceScore): the item's ETag field, content and version stay as they are.</summary>
    public async Task<int> SetImportanceScoresAsync(string userId, IReadOnlyDictionary<string, double> scores, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var container = await Container(cancellationToken).ConfigureAwait(false);
        var updated = 0;
        foreach (var (itemId, score) in scores)
        {
            try
            {
                await container.PatchItemAsync<KnowledgeItemDocument>(
                    itemId,
                    new PartitionKey(userId),
                    [PatchOperation.Set("/importanceScore", score)],
                    new PatchItemRequestOptions { EnableContentResponseOnWrite = false },
                    cancellationToken).ConfigureAwait(false);
                updated++;
            }
            catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
            {
                // Erased since the snapshot: nothing to score.
            }
        }

        return updated;
    }

    /// <summary>
    /// One Patch per tally (increment by its count, set the time), a few at a time: the server adds, so
    /// instances flushing the same item never lose each other's counts, and nothing is read or
    /// replaced. The response carries no body (EnableContentResponseOnWrite off). Across instances
    /// accessed_at is the latest flush's time, which may trail another instance's by one interval.
    /// </summary>
    public async Task RecordAccessesAsync(IReadOnlyList<AccessTally> tallies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tallies);
        if (tallies.Count == 0)
        {
            return;
        }

        var container = await Container(cancellationToken).ConfigureAwait(false);
        var options = new PatchItemRequestOptions { EnableContentResponseOnWrite = false };
        await Parallel.ForEachAsync(
            tallies,
            new ParallelOptions { MaxDegreeOfParallelism = AccessPatchConcurrency, CancellationToken = cancellationToken },
            async (tally, ct) =>
            {
                try
                {
                    await container.PatchItemAsync<KnowledgeItemDocument>(
                        tally.ItemId,
                        new PartitionKey(tally.UserId),
                        [PatchOperation.Increment("/accessCount", tally.Count), PatchOperation.Set("/accessedAt", CosmosJson.Time(tally.LastAccessedAt))],
                        options,
                        ct).ConfigureAwait(false);
                }
                catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
                {
                    // Erased since it was read: nothing to count.
                }
            }).ConfigureAwait(false);
    }

    /// <summary>A read and an _etag-guarded replace, retried when an access count (a Patch) slipped in between.</summary>
    public async Task<bool> ClearGraphPendingAsync(string userId, string itemId, string etag, CancellationToken cancellationToken)
    {
        var container = await Container(cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; attempt < database.Options.MaxWriteAttempts; attempt++)
        {
            var current = await ReadItemAsync(container, userId, itemId, cancellationToken).ConfigureAwait(false);
            if (current is null || current.ETag != etag)
            {
                return false;
            }

            if (current.GraphPendingSince is null)
            {
                return true;
            }

            var systemETag = current.SystemETag;
            current.GraphPendingSince = null;
            try
            {
                if (await TryReplaceAsync(container, current, current.Id, userId, systemETag, What, cancellationToken).ConfigureAwait(false))
                {
                    return true;
                }
            }
            catch (KmtException ex) when (ex.Code == ErrorCode.NotFound)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>The nightly reconciliation's one cross-partition query (items only; graphPendingSince is absent when clear).</summary>
    public async Task<IReadOnlyList<ItemKey>> ListGraphPendingAsync(DateTimeOffset before, int take, CancellationToken cancellationToken)
    {
        var container = await Container(cancellationToken).ConfigureAwait(false);
        var query = new QueryDefinition(
                "SELECT c.userId, c.id FROM c WHERE c.type = @type AND IS_STRING(c.graphPendingSince) AND c.graphPendingSince < @before ORDER BY c.graphPendingSince")
            .WithParameter("@type", KnowledgeItemDocument.ItemType).WithParameter("@before", CosmosJson.Time(before));
        var keys = new List<ItemKey>();
        using var iterator = container.GetItemQueryIterator<PendingRow>(query, requestOptions: new QueryRequestOptions { MaxItemCount = Math.Clamp(take, 1, 1000) });
        while (iterator.HasMoreResults && keys.Count < take)
        {
            foreach (var row in await iterator.ReadNextAsync(cancellationToken).ConfigureAwait(false))
            {
                if (keys.Count < take)
                {
                    keys.Add(new ItemKey(row.UserId, row.Id));
                }
            }
        }

        return keys;
    }

    /// <summary>One partition's pending items (the live graph path's batch), oldest first.</summary>
    public async Task<IReadOnlyList<ItemKey>> ListGraphPendingForUserAsync(string userId, int take, CancellationToken cancellationToken)
    {
        var container = await Container(cancellationToken).ConfigureAwait(false);
        var query = new QueryDefinition(
                "SELECT c.userId, c.id FROM c WHERE c.userId = @u AND c.type = @type AND IS_STRING(c.graphPendingSince) ORDER BY c.graphPendingSince")
            .WithParameter("@u", userId).WithParameter("@type", KnowledgeItemDocument.ItemType);
        var keys = new List<ItemKey>();
        using var iterator = container.GetItemQueryIterator<PendingRow>(
            query, requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(userId), MaxItemCount = Math.Clamp(take, 1, 1000) });
        while (iterator.HasMoreResults && keys.Count < take)
        {
            foreach (var row in await iterator.ReadNextAsync(cancellationToken).ConfigureAwait(false))
            {
                if (keys.Count < take)
                {
                    keys.Add(new ItemKey(row.UserId, row.Id));
                }
            }
        }

        return keys;
    }

    /// <summary>Newest first; like an offset list page, the versions before the page are read and skipped (bounded by MaxSkip).</summary>
    public async Task<Page<KnowledgeItemVersion>> ListVersionsAsync(string userId, string itemId, int skip, int take, CancellationToken cancellationToken)
    {
        skip = Math.Max(0, skip);
        if (skip > database.Options.MaxSkip)
        {
            throw new ValidationException("page", $"At most {database.Options.MaxSkip} versions can be skipped.");
        }

        var container = await Container(cancellationToken).ConfigureAwait(false);
        const string Where = "c.userId = @u AND c.type = @type AND c.itemId = @id";
        QueryDefinition Query(string text) => new QueryDefinition(text)
            .WithParameter("@u", userId).WithParameter("@type", KnowledgeVersionDocument.VersionType).WithParameter("@id", itemId);
        var documents = take <= 0
            ? []
            : await QueryAsync<KnowledgeVersionDocument>(container, Query($"SELECT * FROM c WHERE {Where} ORDER BY c.version DESC"), userId, skip + take, cancellationToken).ConfigureAwait(false);
        var page = documents.Skip(skip).Take(take).Select(DocumentMapper.ToVersion).ToList();
        var total = skip == 0 && page.Count < take
            ? page.Count
            : await CountAsync(container, Query($"SELECT VALUE COUNT(1) FROM c WHERE {Where}"), userId, cancellationToken).ConfigureAwait(false);
        return new Page<KnowledgeItemVersion>(page, total, null);
    }

    /// <summary>
    /// Children first (vectors, versions), the item last: a crash part-way leaves the item in place, so
    /// the delete can be sent again and finishes the job; nothing is ever left without its item.
    /// </summary>
    public async Task<bool> EraseAsync(string userId, string itemId, CancellationToken cancellationToken)
    {
        var container = await Container(cancellationToken).ConfigureAwait(false);
        var embeddings = await database.ContainerAsync(ContainerDefinitions.Embeddings, cancellationToken).ConfigureAwait(false);
        var chunks = new QueryDefinition("SELECT c.id FROM c WHERE c.userId = @u AND c.itemId = @id")
            .WithParameter("@u", userId).WithParameter("@id", itemId);
        foreach (var chunk in await QueryAsync<Accounts.IdOnly>(embeddings, chunks, userId, null, cancellationToken).ConfigureAwait(false))
        {
            await DeleteAsync(embeddings, chunk.Id, userId, cancellationToken).ConfigureAwait(false);
        }

        var versions = new QueryDefinition("SELECT c.id FROM c WHERE c.userId = @u AND c.type = @type AND c.itemId = @id")
            .WithParameter("@u", userId).WithParameter("@type", KnowledgeVersionDocument.VersionType).WithParameter("@id", itemId);
        foreach (var version in await QueryAsync<Accounts.IdOnly>(container, versions, userId, null, cancellationToken).ConfigureAwait(false))
        {
            await DeleteAsync(container, version.Id, userId, cancellationToken).ConfigureAwait(false);
        }

        var current = await ReadItemAsync(container, userId, itemId, cancellationToken).ConfigureAwait(false);
        return current is not null && await DeleteAsync(container, itemId, userId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Page<KnowledgeItem>> ListAsync(KnowledgeListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var container = await Container(cancellationToken).ConfigureAwait(false);
        if (query.Take <= 0)
        {
            return new Page<KnowledgeItem>([], await CountAsync(container, CosmosListQueryBuilder.Count(query).ToDefinition(), query.UserId, cancellationToken).ConfigureAwait(false), null);
        }

        // No OFFSET on the local server (and OFFSET costs the same reads anyway): an offset page reads and
        // discards the items before it, bounded by MaxSkip; cursors (keyset) are the way to page deep.
        var skip = query.After is null ? Math.Max(0, query.Skip) : 0;
        if (skip > database.Options.MaxSkip)
        {
            throw new ValidationException("page", $"Pages this deep need the cursor: at most {database.Options.MaxSkip} items can be skipped.");
        }

        var rows = await QueryAsync<KnowledgeItemDocument>(container, CosmosListQueryBuilder.Page(query).ToDefinition(), query.UserId, skip + query.Take + 1, cancellationToken).ConfigureAwait(false);
        var items = rows.Skip(skip).ToList();

        // The first page that holds every match needs no separate count.
        var total = query.After is null && skip == 0 && items.Count <= query.Take
            ? items.Count
            : await CountAsync(container, CosmosListQueryBuilder.Count(query).ToDefinition(), query.UserId, cancellationToken).ConfigureAwait(false);

        KeysetPosition? next = null;
        if (items.Count > query.Take)
        {
            items.RemoveAt(items.Count - 1);
            var last = items[^1];
            next = new KeysetPosition(DocumentMapper.SortValueOf(query.Sort, last), last.Id);
        }

        return new Page<KnowledgeItem>(items.Select(d => KnowledgePreview.ForListing(DocumentMapper.ToItem(d))).ToList(), total, next);
    }

    public async Task<(IReadOnlyList<SearchHit> Hits, long Total)> SearchAsync(KnowledgeSearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var container = await Container(cancellationToken).ConfigureAwait(false);
        var search = CosmosSearchQueryBuilder.Build(query);
        long total;
        List<KnowledgeItemDocument> rows;
        try
        {
            // The ranked page first, even when nothing may match: a server without full-text search can
            // answer the count with 0 (an unknown function is undefined there) but refuses ORDER BY RANK,
            // and the person must learn that search is unavailable rather than get an empty result.
            rows = await QueryAsync<KnowledgeItemDocument>(container, search.Page.ToDefinition(), query.UserId, Math.Max(1, query.Take), cancellationToken).ConfigureAwait(false);
            total = await CountAsync(container, search.Count.ToDefinition(), query.UserId, cancellationToken).ConfigureAwait(false);
            if (query.Take <= 0 || total == 0 || query.Skip >= total)
            {
                return ([], total);
            }
        }
        catch (CosmosException e) when (CosmosFeatures.IsUnsupportedQuery(e))
        {
            throw CosmosFeatures.Unavailable("full-text search (FullTextContains, FullTextScore, ORDER BY RANK)", e);
        }

        var hits = rows.Select((d, i) => new SearchHit(
                KnowledgePreview.ForListing(DocumentMapper.ToItem(d)),
                // ORDER BY RANK returns no score: the reciprocal of the overall rank (higher is better).
                1.0 / (Math.Max(0, query.Skip) + i + 1),
                SearchSnippets.Build(d.Title, d.Content, search.Highlights)))
            .ToList();
        return (hits, total);
    }

    public Task<int> RenameTagAsync(string userId, string oldPath, string newPath, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (string.Equals(oldPath, newPath, StringComparison.Ordinal))
        {
            return Task.FromResult(0);
        }

        return RewriteTagsAsync(
            userId,
            "ARRAY_CONTAINS(c.tagPrefixes, @tag)",
            oldPath,
            tags => TagRenamePlan.RenameAll(tags, oldPath, newPath),
            at,
            cancellationToken);
    }

    public Task<int> RemoveTagAsync(string userId, string path, DateTimeOffset at, CancellationToken cancellationToken) =>
        RewriteTagsAsync(
            userId,
            "ARRAY_CONTAINS(c.tags, @tag)",
            path,
            tags => TagRenamePlan.RemoveOne(tags, path),
            at,
            cancellationToken);

    /// <summary>
    /// One index-served COUNT per tag (<see cref="CosmosTagCountQuery"/>), at most
    /// <see cref="CosmosStoreOptions.TagCountParallelism"/> at a time: the cost grows with the number of
    /// tags, not with the number or size of the items.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, int>> CountByTagAsync(string userId, IReadOnlyCollection<string> tags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var container = await Container(cancellationToken).ConfigureAwait(false);
        var counts = new System.Collections.Concurrent.ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, database.Options.TagCountParallelism), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(tags.Distinct(StringComparer.Ordinal), parallel, async (tag, ct) =>
        {
            var count = await CountAsync(container, CosmosTagCountQuery.For(userId, tag).ToDefinition(), userId, ct).ConfigureAwait(false);
            if (count > 0)
            {
                counts[tag] = (int)count;
            }
        }).ConfigureAwait(false);
        return counts;
    }

    /// <summary>
    /// Rewrites the tags of every item (live or trashed; versions keep their history) matching
    /// <paramref name="condition"/>: order kept, duplicates a rename creates dropped, a new ETag and
    /// updatedAt for each changed item. Each item is its own _etag-guarded write (there is no multi-item
    /// transaction to span them all): an interrupted rename is completed by running it again, and an item
    /// still contended after its write attempts makes the whole call fail (CONFLICT) once every other item
    /// is done, so a rename job stays open for a retry instead of leaving that item with the old path.
    /// </summary>
    private async Task<int> RewriteTagsAsync(string userId, string condition, string path, Func<IReadOnlyList<string>, IEnumerable<string>> rewrite, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var container = await Container(cancellationToken).ConfigureAwait(false);
        var query = new QueryDefinition($"SELECT c.id FROM c WHERE c.userId = @u AND c.type = @type AND {condition}")
            .WithParameter("@u", userId).WithParameter("@type", KnowledgeItemDocument.ItemType).WithParameter("@tag", path);
        var ids = await QueryAsync<Accounts.IdOnly>(container, query, userId, null, cancellationToken).ConfigureAwait(false);
        var changed = 0;
        var contended = 0;
        foreach (var id in ids)
        {
            var settled = false;
            for (var attempt = 0; attempt < database.Options.MaxWriteAttempts && !settled; attempt++)
            {
                var current = await ReadItemAsync(container, userId, id.Id, cancellationToken).ConfigureAwait(false);
                if (current is null)
                {
                    settled = true;
                    break;
                }

                var newTags = rewrite(current.Tags).Distinct(StringComparer.Ordinal).ToList();
                if (newTags.SequenceEqual(current.Tags, StringComparer.Ordinal))
                {
                    settled = true;
                    break;
                }

                var systemETag = current.SystemETag;
                current.Tags = newTags;
                current.TagPrefixes = DocumentMapper.TagPrefixes(newTags);
                current.ETag = ETags.New();
                current.UpdatedAt = CosmosJson.Time(at);
                current.GraphPendingSince ??= CosmosJson.Time(at);
                try
                {
                    if (await TryReplaceAsync(container, current, current.Id, userId, systemETag, What, cancellationToken).ConfigureAwait(false))
                    {
                        changed++;
                        settled = true;
                        break;
                    }
                }
                catch (KmtException ex) when (ex.Code == ErrorCode.NotFound)
                {
                    settled = true;
                    break;
                }
            }

            if (!settled)
            {
                contended++;
            }
        }

        if (contended > 0)
        {
            throw KmtException.Conflict($"{contended} items were being changed at the same time and still carry the old tag; try again.");
        }

        return changed;
    }

    /// <summary>An item (never a version, whose id has another shape but lives in the same container).</summary>
    private static async Task<KnowledgeItemDocument?> ReadItemAsync(Container container, string userId, string itemId, CancellationToken cancellationToken)
    {
        var document = await ReadAsync<KnowledgeItemDocument>(container, itemId, userId, cancellationToken).ConfigureAwait(false);
        return document is { Type: KnowledgeItemDocument.ItemType } && document.UserId == userId ? document : null;
    }

    private Task<Container> Container(CancellationToken cancellationToken) => database.ContainerAsync(ContainerDefinitions.Knowledge, cancellationToken);

    private sealed class PendingRow
    {
        [System.Text.Json.Serialization.JsonPropertyName("userId")]
        public string UserId { get; set; } = "";

        [System.Text.Json.Serialization.JsonPropertyName("id")]
        public string Id { get; set; } = "";
    }
}
