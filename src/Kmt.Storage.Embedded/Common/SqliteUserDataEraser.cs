using Kmt.Core.Common;
using Kmt.Core.Uploads;
using Kmt.Storage.Embedded.Blobs;
using Kmt.Storage.Embedded.Sqlite;

namespace Kmt.Storage.Embedded.Common;

/// <summary>
/// Deletes every row of one user from every table in one transaction (full-text rows go with the
/// items), then the user's blobs: everything under {user}/ in the uploads, quarantine and embedding-requests containers
/// of whichever <see cref="IBlobStore"/> is registered (the local folders themselves when it is the
/// <see cref="LocalFolderBlobStore"/>).
/// </summary>
public sealed class SqliteUserDataEraser(SqliteDatabase database, IBlobStore? blobs = null) : IUserDataEraser
{
    private static readonly string[] BlobContainers = [UploadPaths.UploadsContainer, UploadPaths.QuarantineContainer, UploadPaths.EmbeddingRequestsContainer];

    public async Task EraseAsync(string userId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        await using (var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var transaction = connection.BeginTransaction(deferred: false);
            foreach (var table in Migrations.UserTables)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                // Table names come from this assembly's constant list; the user id is a parameter.
                command.CommandText = $"DELETE FROM {table} WHERE user_id = @u";
                command.Param("@u", userId);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (blobs is not null)
        {
            await EraseBlobsAsync(blobs, userId, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task EraseBlobsAsync(IBlobStore blobs, string userId, CancellationToken cancellationToken)
    {
        // Uploads first: a blob trigger that fires meanwhile finds no upload and quarantines its blob.
        foreach (var container in BlobContainers)
        {
            if (blobs is LocalFolderBlobStore local)
            {
                local.DeleteFolder(container, userId);
                continue;
            }

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
