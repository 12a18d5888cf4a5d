using Kmt.Core.Activity;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kmt.Functions.Hosting;

/// <summary>
/// Writes the searches waiting as activity (<see cref="PendingSearches"/>) every
/// <see cref="SearchHistoryOptions.FlushInterval"/>, at once when too many wait, and a last time when
/// the host stops, as <see cref="AccessCountFlusher"/> does for access counts: only a crash loses what
/// was waiting (docs/architecture.md, "Search history").
/// </summary>
public sealed class SearchHistoryFlusher(PendingSearches searches, IOptions<SearchHistoryOptions> options, TimeProvider timeProvider, ILogger<SearchHistoryFlusher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!searches.IsBatched)
        {
            return;
        }

        var interval = options.Value.FlushInterval > TimeSpan.Zero ? options.Value.FlushInterval : TimeSpan.FromSeconds(5);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.WhenAny(Task.Delay(interval, timeProvider, stoppingToken), searches.WhenFull).ConfigureAwait(false);
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
        if (searches.IsBatched)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await searches.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // PendingSearches kept the activities for the next attempt and logged the failure.
            logger.LogDebug(ex, "Search-history flush failed; retrying next interval.");
        }
    }
}
