using Kmt.Core.Common;
using Kmt.Core.Graph;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Kmt.Functions.Triggers;

/// <summary>
/// Applies item changes to the knowledge graph (<see cref="GraphChangeApplier.ApplyPendingAsync"/>: the message's
/// item with its person's other pending items, in one batch), from the "graph-changes" queue that item writes
/// send to (docs/design/graph.md, "Knowledge graph"). Delivery is
/// at least once and the applier is idempotent; a failure throws, so the host retries and finally
/// moves the message to the poison queue, while the item's pending mark lets the nightly
/// reconciliation repair it anyway. A message that is not a graph change is logged and dropped.
/// </summary>
public sealed class GraphChangeFunction(GraphChangeApplier applier, ILogger<GraphChangeFunction> logger)
{
    [Function("Graph_ApplyChange")]
    public async Task Run([QueueTrigger(GraphOptions.ChangesQueue, Connection = WorkQueueConnection.Name)] string message, FunctionContext context)
    {
        GraphChangeMessage change;
        try
        {
            change = GraphChangeMessage.Parse(message);
        }
        catch (ValidationException e)
        {
            logger.LogWarning("Dropped a message on {Queue} that is not a graph change: {Reason}", GraphOptions.ChangesQueue, e.Message);
            return;
        }

        await applier.ApplyPendingAsync(change.Key, context.CancellationToken);
    }
}
