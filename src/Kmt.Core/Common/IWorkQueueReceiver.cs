namespace Kmt.Core.Common;

/// <summary>
/// The consuming side of <see cref="IWorkQueue"/>: what a queue trigger does with a queue. In Azure the
/// Functions host consumes Storage queues itself; locally the DevHost's queue runner consumes through
/// this port, from the embedded queue or Azurite (docs/design/hosting.md, "Queues").
/// </summary>
/// <remarks>
/// A received message is leased, not removed: it is invisible to other consumers until its visibility
/// timeout passes, and comes back (with a higher <see cref="WorkQueueMessage.DequeueCount"/>) unless it
/// is completed first. That is what makes delivery at least once, and why every consumer is idempotent.
/// Each lease has its own receipt: settling a message with an old receipt (its lease ran out and someone
/// else received it) does nothing and returns false.
/// </remarks>
public interface IWorkQueueReceiver
{
    /// <summary>Leases up to <paramref name="maxMessages"/> visible messages, oldest first, for <paramref name="visibilityTimeout"/>.</summary>
    /// <param name="queueName">The queue (<see cref="WorkQueueRules.ValidateQueueName"/>); a queue nobody has sent to is empty.</param>
    /// <param name="maxMessages">1 to 32 (Azure's limit per receive).</param>
    /// <param name="visibilityTimeout">How long the lease lasts: 1 second to 7 days.</param>
    /// <param name="cancellationToken">Stops the receive.</param>
    Task<IReadOnlyList<WorkQueueMessage>> ReceiveAsync(string queueName, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken);

    /// <summary>Deletes a processed message. False when the lease was lost (the message is someone else's or gone).</summary>
    Task<bool> CompleteAsync(WorkQueueMessage message, CancellationToken cancellationToken);

    /// <summary>Gives a message back, visible again after <paramref name="visibilityDelay"/> (zero: at once). False when the lease was lost.</summary>
    Task<bool> AbandonAsync(WorkQueueMessage message, TimeSpan visibilityDelay, CancellationToken cancellationToken);

    /// <summary>
    /// Moves a message that keeps failing to the queue's poison queue (<see cref="WorkQueueRules.PoisonQueueName"/>),
    /// as the Functions host does once a message's dequeue count reaches maxDequeueCount. False when the lease was lost.
    /// </summary>
    Task<bool> PoisonAsync(WorkQueueMessage message, CancellationToken cancellationToken);
}
