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

    private Task<Container> Container(CancellationToken cancellationToken) => database.ContainerAsync(ContainerDefinitions.Uploads, cancellationToken);
}
