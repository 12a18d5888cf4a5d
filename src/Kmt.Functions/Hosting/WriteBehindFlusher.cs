using Kmt.Core.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kmt.Functions.Hosting;

/// <summary>
/// Writes a write-behind buffer (batched access counts, search history) every
/// <see cref="IWriteBehindBuffer.FlushInterval"/>, at once when too much is waiting, and a last time when
/// the host stops: the worker's generic host runs hosted services in Azure as in the DevHost, and an
/// instance being recycled gets its shutdown (SIGTERM, then the host's shutdown timeout) before it goes,
/// so only a crash loses what was waiting (docs/design/storage.md, "Access counts", "Search history").
/// </summary>
/// <typeparam name="TBuffer">The buffer this service writes.</typeparam>
public sealed class WriteBehindFlusher<TBuffer>(TBuffer buffer, TimeProvider timeProvider, ILogger<WriteBehindFlusher<TBuffer>> logger)
    : BackgroundService
    where TBuffer : IWriteBehindBuffer
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!buffer.IsBatched)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.WhenAny(Task.Delay(buffer.FlushInterval, timeProvider, stoppingToken), buffer.WhenFull).ConfigureAwait(false);
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
    /// <param name="cancellationToken">The host's shutdown time running out.</param>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (buffer.IsBatched)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await buffer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The buffer kept what it could not write for the next attempt and logged the failure.
            logger.LogDebug(ex, "{Buffer} flush failed; retrying next interval.", typeof(TBuffer).Name);
        }
    }
}
