namespace Kmt.Core.Common;

/// <summary>One leased message of a work queue (<see cref="IWorkQueueReceiver"/>).</summary>
/// <param name="QueueName">The queue it was received from.</param>
/// <param name="Id">The message id, the same across leases.</param>
/// <param name="Body">The text that was sent.</param>
/// <param name="DequeueCount">How many times it has been received, this time included (1 on the first delivery).</param>
/// <param name="InsertedAt">When it was sent.</param>
/// <param name="Receipt">This lease's receipt (Azure's pop receipt): settling needs it.</param>
/// <param name="NextVisibleAt">When the lease ends and the message becomes visible again unless settled.</param>
public sealed record WorkQueueMessage(
    string QueueName,
    string Id,
    string Body,
    long DequeueCount,
    DateTimeOffset InsertedAt,
    string Receipt,
    DateTimeOffset NextVisibleAt);
