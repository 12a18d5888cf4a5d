using System.Collections.Concurrent;
using Kmt.Core.Uploads;
using Kmt.DevHost.Functions;
using Microsoft.Extensions.Options;

namespace Kmt.DevHost.Hosting;

/// <summary>
/// Runs the function app's blob-triggered functions the way the Functions host does: each blob
/// (identified by path and ETag) is handed to the function once, through the app's worker
/// middleware, and a receipt is written when the invocation succeeds; a failed invocation is
/// retried up to MaxDequeueCount times. Receipts live in the blob store itself
/// (azure-webjobs-hosts/blobreceipts/...), like the host's, so a restart does not process a blob
/// twice and picks up any blob that arrived while it was down.
/// </summary>
/// <remarks>
/// In Azure the trigger is driven by Event Grid; locally a scan every BlobPollInterval stands in
/// for the events. What the function sees (its blob stream and {name}) is the same. Each function has
/// its own BlobConcurrency slots, as functions scale independently in Azure: a backlog of one (the
/// embedding requests) never keeps another (new uploads) waiting.
/// </remarks>
internal sealed class BlobTriggerRunner(
    DevWorkerApplicationBuilder worker,
    IServiceScopeFactory scopes,
    IBlobStore blobs,
    IOptions<DevHostOptions> options,
    ILogger<BlobTriggerRunner> logger) : BackgroundService
{
    private const string ReceiptsContainer = "azure-webjobs-hosts";
    private readonly ConcurrentDictionary<string, byte> _done = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _inFlight = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var functions = FunctionCatalog.BlobFunctions(DevHostApp.FunctionAppAssembly);
        if (functions.Count == 0)
        {
            return;
        }

        var pipeline = worker.Build(DevInvocation.InvokeFunction);
        logger.LogInformation("Blob triggers: {Functions}", string.Join(", ", functions.Select(f => $"{f.Name} on {f.BlobPath}")));

        // One scan loop and one set of slots per function: a function whose slots are all taken waits
        // for one without holding up the others' scans.
        await Task.WhenAll(functions.Select(function => RunFunctionAsync(function, pipeline, stoppingToken)));
        await Task.WhenAll(_inFlight.Values);
    }

    private async Task RunFunctionAsync(BlobFunction function, Microsoft.Azure.Functions.Worker.Middleware.FunctionExecutionDelegate pipeline, CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(Math.Max(1, options.Value.BlobConcurrency));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ScanAsync(function, pipeline, slots, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Scanning {Container} for new blobs ({Function}) failed; trying again shortly.", function.Container, function.Name);
            }

            try
            {
                await Task.Delay(options.Value.BlobPollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        // The invocations still running release these slots when they end.
        await Task.WhenAll(_inFlight.Where(i => i.Key.Contains($"/{function.EntryPoint}/", StringComparison.Ordinal)).Select(i => i.Value));
    }

    private async Task ScanAsync(BlobFunction function, Microsoft.Azure.Functions.Worker.Middleware.FunctionExecutionDelegate pipeline, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        await foreach (var blob in blobs.ListAsync(function.Container, "", stoppingToken))
        {
            var receipt = ReceiptPath(function, blob);
            if (_done.ContainsKey(receipt) || _inFlight.ContainsKey(receipt))
            {
                continue;
            }

            if (await blobs.GetAsync(ReceiptsContainer, receipt, stoppingToken) is not null)
            {
                _done.TryAdd(receipt, 0);
                continue;
            }

            await slots.WaitAsync(stoppingToken);
            _inFlight[receipt] = Task.Run(
                async () =>
                {
                    try
                    {
                        await InvokeWithRetriesAsync(function, blob, receipt, pipeline, stoppingToken);
                    }
                    finally
                    {
                        slots.Release();
                        _inFlight.TryRemove(receipt, out _);
                    }
                },
                CancellationToken.None);
        }
    }

    private async Task InvokeWithRetriesAsync(BlobFunction function, BlobItem blob, string receipt, Microsoft.Azure.Functions.Worker.Middleware.FunctionExecutionDelegate pipeline, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        Exception? last = null;
        for (var attempt = 1; attempt <= settings.MaxDequeueCount && !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await using var content = await blobs.OpenReadAsync(blob.Container, blob.Path, stoppingToken);
                if (content is null)
                {
                    // Deleted or moved before its turn: nothing left to trigger on.
                    _done.TryAdd(receipt, 0);
                    return;
                }

                await using var scope = scopes.CreateAsyncScope();
                var context = new DevFunctionContext(new DevFunctionDefinition(function), scope.ServiceProvider, stoppingToken);
                var bindingData = new Dictionary<string, object?>
                {
                    ["name"] = blob.Path,
                    ["blobTrigger"] = $"{blob.Container}/{blob.Path}",
                };
                context.Items[typeof(DevInvocation)] = new DevInvocation(function, content, bindingData);
                await pipeline(context);
                await WriteReceiptAsync(receipt, "done", stoppingToken);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return; // No receipt: the next start picks the blob up again.
            }
            catch (Exception ex)
            {
                last = ex;
                logger.LogWarning(ex, "{Function} failed on {Container}/{Path} (attempt {Attempt} of {Max}).", function.Name, blob.Container, blob.Path, attempt, settings.MaxDequeueCount);
                if (attempt < settings.MaxDequeueCount)
                {
                    await Task.Delay(settings.BlobRetryDelay * attempt, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                }
            }
        }

        if (!stoppingToken.IsCancellationRequested)
        {
            // The host would move the trigger message to the poison queue; a receipt marks it given up.
            // The last attempt's exception goes with it, so an error log alone says why.
            logger.LogError(last, "{Function} gave up on {Container}/{Path} after {Max} attempts.", function.Name, blob.Container, blob.Path, settings.MaxDequeueCount);
            await WriteReceiptAsync(receipt, "poison", stoppingToken);
        }
    }

    private async Task WriteReceiptAsync(string receipt, string outcome, CancellationToken stoppingToken)
    {
        using var body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(outcome));
        await blobs.WriteAsync(ReceiptsContainer, receipt, body, 1024, stoppingToken);
        _done.TryAdd(receipt, 0);
    }

    /// <summary>One receipt per function, blob and version of the blob (its ETag), as the host keys them.</summary>
    private static string ReceiptPath(BlobFunction function, BlobItem blob)
    {
        var etag = new string(blob.ETag.Where(char.IsAsciiLetterOrDigit).ToArray());
        return $"blobreceipts/kmt-devhost/{function.EntryPoint}/{etag}/{blob.Container}/{blob.Path}";
    }
}
