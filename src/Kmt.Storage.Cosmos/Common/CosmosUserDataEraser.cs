using System.Net;
using Kmt.Core.Common;
using Kmt.Core.Uploads;
using Kmt.Storage.Cosmos.Accounts;
using Kmt.Storage.Cosmos.Documents;
using Microsoft.Azure.Cosmos;
using static Kmt.Storage.Cosmos.CosmosOperations;

namespace Kmt.Storage.Cosmos.Common;

/// <summary>
/// Erases one user: their userKeys entries (e-mail and external subject, read from the user document),
/// then their partition in every user-partitioned container (users last, so an interrupted erasure can
/// be run again and still find the keys), then their blobs (uploads/, quarantine/ and embedding-requests/ under {user}/).
/// </summary>
/// <remarks>
/// A partition is deleted with DeleteAllItemsByPartitionKey (<see cref="CosmosStoreOptions.UsePartitionDelete"/>,
/// Azure: asynchronous on the service side, the documents disappear shortly after) or, where that is not
/// available (local servers), by querying the partition's ids and deleting each.
/// </remarks>
public sealed class CosmosUserDataEraser(CosmosDatabase database, CosmosUserStore users, IBlobStore? blobs = null) : IUserDataEraser
{
    private static readonly string[] BlobContainers = [UploadPaths.UploadsContainer, UploadPaths.QuarantineContainer, UploadPaths.EmbeddingRequestsContainer];

    public async Task EraseAsync(string userId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var usersContainer = await database.ContainerAsync(ContainerDefinitions.Users, cancellationToken).ConfigureAwait(false);
        var user = await ReadAsync<UserDocument>(usersContainer, userId, userId, cancellationToken).ConfigureAwait(false);
        if (user is not null)
        {
            var keys = new List<string> { DocumentMapper.EmailKey(user.NormalizedEmail) };
            if (user.ExternalSubject is { } subject)
            {
                keys.Add(DocumentMapper.ExternalKey(subject));
            }

            await users.ReleaseKeysAsync(keys, userId, cancellationToken).ConfigureAwait(false);
        }

        foreach (var name in ContainerDefinitions.UserPartitioned)
        {
            var container = await database.ContainerAsync(name, cancellationToken).ConfigureAwait(false);
            await DeletePartitionAsync(container, userId, cancellationToken).ConfigureAwait(false);
        }

        if (blobs is not null)
        {
            await EraseBlobsAsync(blobs, userId, cancellationToken).ConfigureAwait(false);
        }
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
