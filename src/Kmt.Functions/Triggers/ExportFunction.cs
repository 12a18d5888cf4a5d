using Kmt.Core.Privacy;
using Microsoft.Azure.Functions.Worker;

namespace Kmt.Functions.Triggers;

/// <summary>
/// The export job: POST users/export writes export-requests/{user}/{export}; this trigger writes the
/// zip (<see cref="ExportService.ProcessRequestAsync"/>). Same storage account and Event Grid source as
/// the upload triggers, so the DevHost's blob-trigger runner runs it locally; a failed invocation is
/// retried by the host, and the service marks the export failed once its attempts are spent.
/// </summary>
public sealed class ExportFunction(ExportService exports)
{
    [Function("Export_Run")]
    public Task Run(
        [BlobTrigger(PrivacyPaths.ExportRequestsContainer + "/{name}", Source = BlobTriggerSource.EventGrid, Connection = IngestionFunction.StorageConnection)] Stream request,
        string name,
        FunctionContext context) =>
        exports.ProcessRequestAsync(name, context.CancellationToken);
}
