using Kmt.Core.Common;
using Microsoft.Extensions.Logging;

namespace Kmt.Core.Graph;

/// <summary>
/// Tells the graph applier that an item changed, through the "graph-changes" queue. The item's
/// pending mark (written with the item) is the durable record; the message only makes the graph
/// follow within seconds. So a failed send is logged, not thrown: the write the person made
/// succeeded, and the reconciliation applies the change later. Without a queue (none registered)
/// only the reconciliation applies changes.
/// </summary>
public sealed class GraphChangeNotifier(ILogger<GraphChangeNotifier> logger, IWorkQueue? queue = null)
{
    public async Task NotifyAsync(string userId, string itemId, CancellationToken cancellationToken)
    {
        if (queue is null)
        {
            return;
        }

        try
        {
            await queue.SendAsync(GraphOptions.ChangesQueue, new GraphChangeMessage(userId, itemId).ToJson(), null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not queue the graph change of item {ItemId}; the reconciliation applies it", itemId);
        }
    }
}
