using System.Net;
using Kmt.Core.Common;
using Kmt.Core.Import;
using Kmt.Core.Privacy;
using Kmt.Core.Uploads;
using Kmt.Storage.Cosmos.Accounts;
using Kmt.Storage.Cosmos.Documents;
using Microsoft.Azure.Cosmos;
using static Kmt.Storage.Cosmos.CosmosOperations;

namespace Kmt.Storage.Cosmos.Common;

/// <summary>
/// Erases one user in an order a crash can resume from (docs/design/storage.md, "Privacy"): their
/// partition in every user-partitioned container but users, then their blobs (uploads/, quarantine/,
/// embedding-requests/, exports/ and export-requests/ under {user}/), then the user document, and the
/// login keys (userKeys: e-mail and external subject) LAST, so the address cannot be registered again
/// while anything of the old account exists. The keys are found by the userId they carry (a query
/// across userKeys' partitions), not from the user document, so a run that resumes after the user
/// document is gone still releases them.
/// </summary>
/// <remarks>
/// A partition is deleted with DeleteAllItemsByPartitionKey (<see cref="CosmosStoreOptions.UsePartitionDelete"/>,
/// Azure: asynchronous on the service side, the documents disappear shortly after) or, where that is not
/// available (local servers), by querying the partition's ids and deleting each.
/// </remarks>
public sealed class CosmosUserDataEraser(CosmosDatabase database, CosmosUserStore users, IBlobStore? blobs = null) : IUserDataEraser
{
    private static readonly string[] BlobContainers =
        [UploadPaths.UploadsContainer, UploadPaths.QuarantineContainer, UploadPaths.EmbeddingRequestsContainer, UploadPaths.EmbeddedChunksContainer, PrivacyPaths.ExportsContainer, PrivacyPaths.ExportRequestsContainer, ImportPaths.ImportRequestsContainer];

    public async Task EraseAsync(string userId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var usersContainer = await database.ContainerAsync(ContainerDefinitions.Users, cancellationToken).ConfigureAwait(false);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        if (await ReadAsync<UserDocument>(usersContainer, userId, userId, cancellationToken).ConfigureAwait(false) is { } user)
        {
            keys.Add(DocumentMapper.EmailKey(user.NormalizedEmail));
            if (user.ExternalSubject is { } subject)
            {
                keys.Add(DocumentMapper.ExternalKey(subject));
            }
        }

        foreach (var name in ContainerDefinitions.UserPartitioned.Where(n => n != ContainerDefinitions.Users))
        {
            var container = await database.ContainerAsync(name, cancellationToken).ConfigureAwait(false);
            await DeletePartitionAsync(container, userId, cancellationToken).ConfigureAwait(false);
        }

        if (blobs is not null)
        {
            await EraseBlobsAsync(blobs, userId, cancellationToken).ConfigureAwait(false);
        }

        await DeleteAsync(usersContainer, userId, userId, cancellationToken).ConfigureAwait(false);
        keys.UnionWith(await KeysOfAsync(userId, cancellationToken).ConfigureAwait(false));
        await users.ReleaseKeysAsync(keys, userId, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<string>> KeysOfAsync(string userId, CancellationToken cancellationToken)
    {
        var container = await database.ContainerAsync(ContainerDefinitions.UserKeys, cancellationToken).ConfigureAwait(false);
        var query = new QueryDefinition("SELECT * FROM c WHERE c.userId = @u").WithParameter("@u", userId);
        var keys = new List<string>();
        using var iterator = container.GetItemQueryIterator<UserKeyDocument>(query);
        while (iterator.HasMoreResults)
        {
            keys.AddRange((await iterator.ReadNextAsync(cancellationToken).ConfigureAwait(false)).Select(k => k.Id));
        }

        return keys;
    }

    private async Task DeletePartitionAsync(Container container, string userId, CancellationToken cancellationToken)
    {
        if (database.Options.UsePartitionDelete)
        {
            using var response = await container.DeleteAllItemsByPartitionKeyStreamAsync(new PartitionKey(userId), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotFound)
            {
                return;
            }

            response.EnsureSuccessStatusCode();
        }

        var query = new QueryDefinition("SELECT c.id FROM c WHERE c.userId = @u").WithParameter("@u", userId);
        foreach (var document in await QueryAsync<IdOnly>(container, query, userId, null, cancellationToken).ConfigureAwait(false))
        {
            await DeleteAsync(container, document.Id, userId, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task EraseBlobsAsync(IBlobStore blobs, string userId, CancellationToken cancellationToken)
    {
        foreach (var container in BlobContainers)
        {
            var paths = new List<string>();
            await foreach (var blob in blobs.ListAsync(container, userId + "/", cancellationToken).ConfigureAwait(false))
            {
                paths.Add(blob.Path);
            }

            foreach (var path in paths)
            {
                await blobs.DeleteAsync(container, path, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
