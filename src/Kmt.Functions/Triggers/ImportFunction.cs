using Kmt.Core.Import;
using Microsoft.Azure.Functions.Worker;

namespace Kmt.Functions.Triggers;

/// <summary>
/// The background import: POST import writes a large file to import-requests/{user}/{import}; this
/// trigger imports it (<see cref="ImportService.ProcessRequestAsync"/>). Same storage account and
/// Event Grid source as the export trigger, so the DevHost's blob-trigger runner runs it locally; a
/// failed invocation is retried by the host, and the service marks the import failed once its
/// attempts are spent.
/// </summary>
public sealed class ImportFunction(ImportService imports)
{
    [Function("Import_Run")]
    public Task Run(
        [BlobTrigger(ImportPaths.ImportRequestsContainer + "/{name}", Source = BlobTriggerSource.EventGrid, Connection = IngestionFunction.StorageConnection)] Stream request,
        string name,
        FunctionContext context) =>
        imports.ProcessRequestAsync(name, context.CancellationToken);
}
