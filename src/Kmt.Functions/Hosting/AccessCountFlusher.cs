using Kmt.Core.Knowledge;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kmt.Functions.Hosting;

/// <summary>
/// Writes the batched access counts (<see cref="PendingAccesses"/>) every
/// <see cref="AccessCountingOptions.FlushInterval"/>, at once when too many items are waiting, and a
/// last time when the host stops: the worker's generic host runs hosted services in Azure as in the
/// DevHost, and an instance being recycled gets its shutdown (SIGTERM, then the host's shutdown
/// timeout) before it goes, so only a crash loses what was waiting (docs/design/storage.md, "Access counts").
/// </summary>
public sealed class AccessCountFlusher(PendingAccesses accesses, IOptions<AccessCountingOptions> options, TimeProvider timeProvider, ILogger<AccessCountFlusher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!accesses.IsBatched)
        {
            return;
        }

        var interval = options.Value.FlushInterval > TimeSpan.Zero ? options.Value.FlushInterval : TimeSpan.FromSeconds(5);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.WhenAny(Task.Delay(interval, timeProvider, stoppingToken), accesses.WhenFull).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            if (stoppingToken.IsCancellationRequested)
            {
                break;
            }

            await FlushAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the loop, then writes whatever is still waiting within the host's shutdown time.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (accesses.IsBatched)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await accesses.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // PendingAccesses kept the tallies for the next attempt and logged the failure.
            logger.LogDebug(ex, "Access-count flush failed; retrying next interval.");
        }
    }
}
