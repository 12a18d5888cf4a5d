using Kmt.Core.Embeddings;
using Kmt.Core.Uploads;
using Microsoft.Azure.Functions.Worker;

namespace Kmt.Functions.Triggers;

/// <summary>
/// The second stage of upload and forget: ingestion makes an item searchable and writes
/// embedding-requests/{user}/{item}; this trigger embeds the item's text and stores its vectors
/// (<see cref="EmbeddingService"/>). It scales apart from ingestion, so an embedding backlog never
/// holds up new uploads. Same storage account and Event Grid source as <see cref="IngestionFunction"/>;
/// a failed invocation is retried by the host (up to five times), then the request is left alone.
/// </summary>
public sealed class EmbeddingFunction(EmbeddingService embeddings)
{
    [Function("Embed_Item")]
    public Task Run(
        [BlobTrigger(UploadPaths.EmbeddingRequestsContainer + "/{name}", Source = BlobTriggerSource.EventGrid, Connection = IngestionFunction.StorageConnection)] Stream request,
        string name,
        FunctionContext context) =>
        embeddings.ProcessRequestAsync(name, context.CancellationToken);
}
