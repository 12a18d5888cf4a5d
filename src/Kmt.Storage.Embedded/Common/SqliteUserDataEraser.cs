using Kmt.Core.Common;
using Kmt.Core.Import;
using Kmt.Core.Privacy;
using Kmt.Core.Uploads;
using Kmt.Storage.Embedded.Blobs;
using Kmt.Storage.Embedded.Sqlite;

namespace Kmt.Storage.Embedded.Common;

/// <summary>
/// Deletes the user's blobs first (everything under {user}/ in the uploads, quarantine,
/// embedding-requests, exports and export-requests containers of whichever <see cref="IBlobStore"/> is
/// registered; the local folders themselves when it is the <see cref="LocalFolderBlobStore"/>), then
/// every row of the user from every table in one transaction (full-text rows go with the items). The
/// users row, whose unique e-mail index is the login key, goes in that same final transaction, so the
/// address is free only once nothing of the account is left; a crash before it leaves the account
/// whole for the erasure job to finish (docs/design/storage.md, "Privacy").
/// </summary>
public sealed class SqliteUserDataEraser(SqliteDatabase database, IBlobStore? blobs = null) : IUserDataEraser
{
    private static readonly string[] BlobContainers =
        [UploadPaths.UploadsContainer, UploadPaths.QuarantineContainer, UploadPaths.EmbeddingRequestsContainer, UploadPaths.EmbeddedChunksContainer, PrivacyPaths.ExportsContainer, PrivacyPaths.ExportRequestsContainer, ImportPaths.ImportRequestsContainer];

    public async Task EraseAsync(string userId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        if (blobs is not null)
        {
            await EraseBlobsAsync(blobs, userId, cancellationToken).ConfigureAwait(false);
        }

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

        // Again: a blob an in-flight upload or export wrote meanwhile must not outlive the account.
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
