using System.Text.Json;
using System.Text.Json.Nodes;
using Kmt.Core.Common;
using Kmt.Core.Uploads;
using Microsoft.Extensions.Logging;

namespace Kmt.Core.Embeddings;

/// <summary>
/// Asks the second stage (<see cref="EmbeddingService"/>) to embed an item by writing
/// embedding-requests/{user}/{item}: after ingestion, and after every create, content change and
/// import through the API (docs/design/storage.md, "Embeddings"). The path is the item's, so writing it
/// again while a request waits is one request, and the embedding always reads the item as it is then.
/// </summary>
public sealed class EmbeddingRequests(IBlobStore blobs, ILogger<EmbeddingRequests> logger)
{
    /// <summary>Writes the request; throws when the blob store does (ingestion's retry writes it again).</summary>
    public static async Task WriteAsync(IBlobStore blobs, string userId, string itemId, JsonObject body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
        await using var stream = new MemoryStream(bytes, writable: false);
        await blobs.WriteAsync(UploadPaths.EmbeddingRequestsContainer, UploadPaths.EmbeddingRequestPath(userId, itemId), stream, bytes.Length, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// After a write through the API: the item is stored and searchable by keyword already, so a failed
    /// request is logged, not thrown (the person's write succeeded); the item's next content change asks again.
    /// </summary>
    public async Task TryRequestAsync(string userId, string itemId)
    {
        try
        {
            // Not cancelled with the request: the write it follows already happened.
            await WriteAsync(blobs, userId, itemId, new JsonObject { ["item_id"] = itemId }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not request the embedding of item {ItemId}; it stays searchable by keyword only until its content changes", itemId);
        }
    }
}
