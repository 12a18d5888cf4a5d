using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Kmt.Core.Common;
using Kmt.Core.Uploads;
using BlobItem = Kmt.Core.Uploads.BlobItem;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kmt.Azure.Blobs;

/// <summary>
/// <see cref="IBlobStore"/> over Azure Blob Storage (or Azurite). Containers are created on first
/// use. Paths are blob names as given ("{user}/{upload}/{file}"); the SDK URL-encodes them.
/// </summary>
/// <remarks>
/// Writes read the content through a length cap and upload it as a block blob: small files in one
/// Put Blob, larger ones as staged blocks committed by a final Put Block List. Both only make the
/// blob visible once the whole stream was read, so an overflow (PAYLOAD_TOO_LARGE) leaves no new
/// blob and leaves a previous blob at that path untouched; staged blocks that are never committed
/// are discarded by the service. ETags are returned quoted (the HTTP form), the same from every method.
/// </remarks>
public sealed class AzureBlobStore : IBlobStore
{
    /// <summary>Bytes buffered per block; also the largest size sent in one Put Blob.</summary>
    internal const int BlockBytes = 4 * 1024 * 1024;

    private readonly BlobServiceClient _service;
    private readonly ILogger<AzureBlobStore> _logger;
    private readonly ConcurrentDictionary<string, Lazy<Task>> _createdContainers = new(StringComparer.Ordinal);

    public AzureBlobStore(BlobServiceClient service, ILogger<AzureBlobStore>? logger = null)
    {
        _service = service;
        _logger = logger ?? NullLogger<AzureBlobStore>.Instance;
    }

    public Task<BlobItem> WriteAsync(string container, string path, Stream content, long maxBytes, CancellationToken cancellationToken) =>
        UploadAsync(container, path, content, maxBytes, null, cancellationToken);

    /// <summary>If-None-Match: * on the upload (and on the block list commit), so the service refuses when a blob exists.</summary>
    public async Task<BlobItem> CreateAsync(string container, string path, Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        // Refuse before reading the content when the blob is already there; the condition settles a race.
        if (await GetAsync(container, path, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw KmtException.Conflict("A file has already been stored here.");
        }

        try
        {
            return await UploadAsync(container, path, content, maxBytes, new BlobRequestConditions { IfNoneMatch = ETag.All }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            throw KmtException.Conflict("A file has already been stored here.");
        }
    }

    private async Task<BlobItem> UploadAsync(string container, string path, Stream content, long maxBytes, BlobRequestConditions? conditions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var blob = await GetContainerAsync(container, cancellationToken).ConfigureAwait(false);
        var client = blob.GetBlobClient(path);
        var capped = new LengthCappedStream(content, maxBytes);
        var options = new BlobUploadOptions
        {
            TransferOptions = new StorageTransferOptions
            {
                InitialTransferSize = BlockBytes,
                MaximumTransferSize = BlockBytes,
                MaximumConcurrency = 2,
            },
            Conditions = conditions,
        };

        try
        {
            var response = await client.UploadAsync(capped, options, cancellationToken).ConfigureAwait(false);
            return new BlobItem(container, path, capped.BytesRead, NormalizeETag(response.Value.ETag), response.Value.LastModified);
        }
        catch (Exception e) when (capped.BytesRead > maxBytes && e is not OperationCanceledException)
        {
            // The SDK may wrap the stream's exception; the cause is the cap either way. Nothing was
            // committed (see remarks), so there is no blob to remove.
            _logger.LogInformation("Rejected blob {Container}/{Path}: over {MaxBytes} bytes", container, path, maxBytes);
            throw e as KmtException ?? LengthCappedStream.TooLarge(maxBytes);
        }
    }

    public async Task<Stream?> OpenReadAsync(string container, string path, CancellationToken cancellationToken)
    {
        try
        {
            var response = await Blob(container, path).DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<BlobItem?> GetAsync(string container, string path, CancellationToken cancellationToken)
    {
        try
        {
            var properties = await Blob(container, path).GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return new BlobItem(container, path, properties.Value.ContentLength, NormalizeETag(properties.Value.ETag), properties.Value.LastModified);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task MoveAsync(string fromContainer, string path, string toContainer, CancellationToken cancellationToken)
    {
        var source = Blob(fromContainer, path);
        var target = (await GetContainerAsync(toContainer, cancellationToken).ConfigureAwait(false)).GetBlobClient(path);
        try
        {
            // Server-side copy inside the account: no bytes pass through the worker. Copies inside
            // one account complete synchronously in practice; the wait covers the other case.
            var copy = await target.StartCopyFromUriAsync(source.Uri, cancellationToken: cancellationToken).ConfigureAwait(false);
            await copy.WaitForCompletionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            if (await GetAsync(fromContainer, path, cancellationToken).ConfigureAwait(false) is null)
            {
                return; // A missing source is a no-op.
            }

            throw;
        }

        await DeleteAsync(fromContainer, path, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(string container, string path, CancellationToken cancellationToken)
    {
        try
        {
            var response = await Blob(container, path)
                .DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            return response.Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    public async IAsyncEnumerable<BlobItem> ListAsync(string container, string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pages = _service.GetBlobContainerClient(container)
            .GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken)
            .GetAsyncEnumerator(cancellationToken);
        await using (pages.ConfigureAwait(false))
        {
            while (true)
            {
                try
                {
                    if (!await pages.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                    yield break; // The container does not exist yet: nothing to list.
                }

                var item = pages.Current;
                yield return new BlobItem(
                    container,
                    item.Name,
                    item.Properties.ContentLength ?? 0,
                    NormalizeETag(item.Properties.ETag ?? default),
                    item.Properties.LastModified ?? DateTimeOffset.MinValue);
            }
        }
    }

    /// <summary>Headers carry the ETag quoted, listings bare: return the quoted (HTTP) form everywhere, as the local store does.</summary>
    internal static string NormalizeETag(ETag etag) => "\"" + etag.ToString().Trim('"') + "\"";

    private BlobClient Blob(string container, string path) => _service.GetBlobContainerClient(container).GetBlobClient(path);

    private async Task<BlobContainerClient> GetContainerAsync(string container, CancellationToken cancellationToken)
    {
        var client = _service.GetBlobContainerClient(container);
        var created = _createdContainers.GetOrAdd(
            container,
            _ => new Lazy<Task>(() => client.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None)));
        try
        {
            await created.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Do not cache a failure: the next call tries again.
            _createdContainers.TryRemove(new KeyValuePair<string, Lazy<Task>>(container, created));
            throw;
        }

        return client;
    }
}
