using Kmt.Core.Uploads;
using Microsoft.Azure.Functions.Worker;

namespace Kmt.Functions.Triggers;

/// <summary>
/// Upload and forget: each blob landing in uploads/{user}/{upload}/{file} is turned into a knowledge
/// item by the ingestion pipeline. On Flex Consumption blob triggers need the Event Grid source; the
/// host retries a failed invocation (up to five times) and the pipeline itself fails an upload for
/// good, quarantining its blob, once its attempts are spent.
/// </summary>
public sealed class IngestionFunction(IngestionService ingestion)
{
    public const string StorageConnection = "UploadsStorage";

    [Function("Ingest_UploadedBlob")]
    public Task Run(
        [BlobTrigger(UploadPaths.UploadsContainer + "/{name}", Source = BlobTriggerSource.EventGrid, Connection = StorageConnection)] Stream blob,
        string name,
        FunctionContext context) =>
        ingestion.ProcessAsync(name, blob, context.CancellationToken);
}
