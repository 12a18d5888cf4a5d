using Kmt.Core.Common;
using Kmt.Core.Uploads;
using Kmt.Storage.Cosmos.Documents;
using Microsoft.Azure.Cosmos;
using static Kmt.Storage.Cosmos.CosmosOperations;

namespace Kmt.Storage.Cosmos.Uploads;

/// <summary>Upload records in container uploads (partition: user), status as its lower-case name.</summary>
public sealed class CosmosUploadStore(CosmosDatabase database) : IUploadStore
{
    public async Task CreateAsync(Upload upload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var container = await Container(cancellationToken).ConfigureAwait(false);
        if (!await TryCreateAsync(container, DocumentMapper.ToDocument(upload), upload.UserId, cancellationToken).ConfigureAwait(false))
        {
            throw KmtException.Conflict("An upload with this id already exists.");
        }
    }

    public async Task<Upload?> GetAsync(string userId, string uploadId, CancellationToken cancellationToken)
    {
        var container = await Container(cancellationToken).ConfigureAwait(false);
        var document = await ReadAsync<UploadDocument>(container, uploadId, userId, cancellationToken).ConfigureAwait(false);
        return document is null ? null : DocumentMapper.ToUpload(document);
    }

    public async Task<bool> DeleteAsync(string userId, string uploadId, CancellationToken cancellationToken)
    {
        var container = await Container(cancellationToken).ConfigureAwait(false);
        return await CosmosOperations.DeleteAsync(container, uploadId, userId, cancellationToken).ConfigureAwait(false);
    }

    public async Task ReplaceAsync(Upload upload, string expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var container = await Container(cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            var current = await ReadAsync<UploadDocument>(container, upload.Id, upload.UserId, cancellationToken).ConfigureAwait(false)
                ?? throw KmtException.NotFound("Upload");
            if (!string.Equals(current.ETag, expectedETag, StringComparison.Ordinal) || attempt >= database.Options.MaxWriteAttempts)
            {
                throw KmtException.PreconditionFailed();
            }

            if (await TryReplaceAsync(container, DocumentMapper.ToDocument(upload), upload.Id, upload.UserId, current.SystemETag, "Upload", cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>The oldest completed upload of the user with these bytes whose item is still live (not erased or trashed).</summary>
    public async Task<Upload?> FindCompletedBySha256Async(string userId, string sha256, CancellationToken cancellationToken)
    {
        var container = await Container(cancellationToken).ConfigureAwait(false);
        var query = new QueryDefinition("SELECT * FROM c WHERE c.userId = @u AND c.contentSha256 = @sha AND c.status = @status")
            .WithParameter("@u", userId).WithParameter("@sha", sha256).WithParameter("@status", DocumentMapper.StatusName(UploadStatus.Completed));
        var candidates = (await QueryAsync<UploadDocument>(container, query, userId, null, cancellationToken).ConfigureAwait(false))
            .OrderBy(d => d.CreatedAt, StringComparer.Ordinal).ThenBy(d => d.Id, StringComparer.Ordinal);
        var knowledge = await database.ContainerAsync(ContainerDefinitions.Knowledge, cancellationToken).ConfigureAwait(false);
        foreach (var candidate in candidates)
        {
            if (candidate.KnowledgeItemId is null)
            {
                continue;
            }

            var item = await ReadAsync<KnowledgeItemDocument>(knowledge, candidate.KnowledgeItemId, userId, cancellationToken).ConfigureAwait(false);
            if (item is { Type: KnowledgeItemDocument.ItemType, IsDeleted: false })
            {
                return DocumentMapper.ToUpload(candidate);
            }
        }

        return null;
    }

    /// <summary>A cross-partition query: the sweeper's, every few minutes, never on a request path.</summary>
    public async Task<IReadOnlyList<Upload>> ListStalledAsync(DateTimeOffset updatedBefore, int max, CancellationToken cancellationToken)
    {
        if (max <= 0)
        {
            return [];
        }

        var container = await Container(cancellationToken).ConfigureAwait(false);
        var query = new QueryDefinition("SELECT * FROM c WHERE (c.status = @queued OR c.status = @processing) AND c.updatedAt < @before")
            .WithParameter("@queued", DocumentMapper.StatusName(UploadStatus.Queued))
            .WithParameter("@processing", DocumentMapper.StatusName(UploadStatus.Processing))
            .WithParameter("@before", CosmosJson.Time(updatedBefore));
        var found = new List<UploadDocument>();
        using var iterator = container.GetItemQueryIterator<UploadDocument>(query, requestOptions: new QueryRequestOptions { MaxItemCount = 100 });
        while (iterator.HasMoreResults)
        {
            found.AddRange(await iterator.ReadNextAsync(cancellationToken).ConfigureAwait(false));
        }

        return found.OrderBy(d => d.UpdatedAt, StringComparer.Ordinal).ThenBy(d => d.Id, StringComparer.Ordinal)
            .Take(max).Select(DocumentMapper.ToUpload).ToList();
    }

    private Task<Container> Container(CancellationToken cancellationToken) => database.ContainerAsync(ContainerDefinitions.Uploads, cancellationToken);

    public async Task<IReadOnlyList<Upload>> ListAsync(string userId, string? afterId, int take, CancellationToken cancellationToken)
    {
        var container = await database.ContainerAsync(ContainerDefinitions.Uploads, cancellationToken).ConfigureAwait(false);
        var query = new QueryDefinition("SELECT * FROM c WHERE c.userId = @u" + (afterId is null ? "" : " AND c.id > @after") + " ORDER BY c.id ASC")
            .WithParameter("@u", userId);
        if (afterId is not null)
        {
            query = query.WithParameter("@after", afterId);
        }

        var documents = await QueryAsync<UploadDocument>(container, query, userId, Math.Max(0, take), cancellationToken).ConfigureAwait(false);
        return documents.Select(DocumentMapper.ToUpload).ToList();
    }
}
