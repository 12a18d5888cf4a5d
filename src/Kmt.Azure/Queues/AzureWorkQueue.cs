using System.Collections.Concurrent;
using Azure;
using Azure.Storage.Queues;
using Kmt.Core.Common;
using StorageQueueMessage = Azure.Storage.Queues.Models.QueueMessage;

namespace Kmt.Azure.Queues;

/// <summary>
/// Both sides of the queue port on Azure Storage queues. In Azure the Functions host consumes the queues
/// (the queue trigger); the receiving side serves the DevHost on Azurite (docs/design/hosting.md, "Queues").
/// </summary>
/// <remarks>
/// <para>The client must encode messages as base64 (<see cref="QueueMessageEncoding.Base64"/>): the queue
/// trigger's default messageEncoding is base64, and it fails on a message that is not.</para>
/// <para>A queue is created the first time this process sends to or reads from it. Messages never expire
/// (time-to-live -1): a change waiting for a consumer is not dropped after Azure's default seven days.</para>
/// <para>Settling with a stale pop receipt comes back from the service as 404 (message gone) or 400
/// PopReceiptMismatch (received again since): both mean the lease was lost, reported as false.</para>
/// </remarks>
public sealed class AzureWorkQueue(QueueServiceClient service) : IWorkQueue, IWorkQueueReceiver
{
    private static readonly TimeSpan NeverExpires = TimeSpan.FromSeconds(-1);
    private readonly ConcurrentDictionary<string, Lazy<Task<QueueClient>>> _queues = new(StringComparer.Ordinal);

    public async Task SendAsync(string queueName, string message, TimeSpan? visibilityDelay = null, CancellationToken cancellationToken = default)
    {
        WorkQueueRules.ValidateQueueName(queueName);
        WorkQueueRules.ValidateMessage(message);
        var delay = visibilityDelay ?? TimeSpan.Zero;
        WorkQueueRules.ValidateVisibility(delay, nameof(visibilityDelay));

        var queue = await QueueAsync(queueName, cancellationToken).ConfigureAwait(false);
        await queue.SendMessageAsync(message, delay, NeverExpires, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<WorkQueueMessage>> ReceiveAsync(string queueName, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        WorkQueueRules.ValidateQueueName(queueName);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, 32);
        WorkQueueRules.ValidateVisibility(visibilityTimeout, nameof(visibilityTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(visibilityTimeout, TimeSpan.FromSeconds(1));

        var queue = await QueueAsync(queueName, cancellationToken).ConfigureAwait(false);
        StorageQueueMessage[] messages = await queue.ReceiveMessagesAsync(maxMessages, visibilityTimeout, cancellationToken).ConfigureAwait(false);
        return [.. messages.Select(m => new WorkQueueMessage(
            queueName,
            m.MessageId,
            m.Body.ToString(),
            m.DequeueCount,
            m.InsertedOn ?? DateTimeOffset.MinValue,
            m.PopReceipt,
            m.NextVisibleOn ?? DateTimeOffset.MinValue))];
    }

    public async Task<bool> CompleteAsync(WorkQueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var queue = await QueueAsync(message.QueueName, cancellationToken).ConfigureAwait(false);
        try
        {
            await queue.DeleteMessageAsync(message.Id, message.Receipt, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (IsLeaseLost(ex))
        {
            return false;
        }
    }

    public async Task<bool> AbandonAsync(WorkQueueMessage message, TimeSpan visibilityDelay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        WorkQueueRules.ValidateVisibility(visibilityDelay, nameof(visibilityDelay));
        return await UpdateVisibilityAsync(message, visibilityDelay, cancellationToken).ConfigureAwait(false) is not null;
    }

    public async Task<bool> PoisonAsync(WorkQueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var poisonName = WorkQueueRules.PoisonQueueName(message.QueueName);
        WorkQueueRules.ValidateQueueName(poisonName);

        // Storage has no transaction across queues. Confirm the lease first (renewing it), so a consumer
        // that lost it copies nothing; then copy, then delete, as the host does: a crash in between leaves
        // the message in both queues, never in neither.
        var receipt = await UpdateVisibilityAsync(message, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        if (receipt is null)
        {
            return false;
        }

        var poison = await QueueAsync(poisonName, cancellationToken).ConfigureAwait(false);
        await poison.SendMessageAsync(message.Body, TimeSpan.Zero, NeverExpires, cancellationToken).ConfigureAwait(false);
        return await CompleteAsync(message with { Receipt = receipt }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Makes the message visible after <paramref name="delay"/>; the new pop receipt, or null when the lease was lost.</summary>
    private async Task<string?> UpdateVisibilityAsync(WorkQueueMessage message, TimeSpan delay, CancellationToken cancellationToken)
    {
        var queue = await QueueAsync(message.QueueName, cancellationToken).ConfigureAwait(false);
        try
        {
            // A null text leaves the body as it is.
            var updated = await queue.UpdateMessageAsync(message.Id, message.Receipt, (string?)null, delay, cancellationToken).ConfigureAwait(false);
            return updated.Value.PopReceipt;
        }
        catch (RequestFailedException ex) when (IsLeaseLost(ex))
        {
            return null;
        }
    }

    private static bool IsLeaseLost(RequestFailedException ex) =>
        ex.Status == 404 || (ex.Status == 400 && ex.ErrorCode == "PopReceiptMismatch");

    private Task<QueueClient> QueueAsync(string queueName, CancellationToken cancellationToken)
    {
        var created = _queues.GetOrAdd(queueName, name => new Lazy<Task<QueueClient>>(async () =>
        {
            var queue = service.GetQueueClient(name);
            await queue.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
            return queue;
        }));
        return WaitOrRetryAsync(queueName, created, cancellationToken);
    }

    private async Task<QueueClient> WaitOrRetryAsync(string queueName, Lazy<Task<QueueClient>> created, CancellationToken cancellationToken)
    {
        try
        {
            return await created.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (created.Value.IsFaulted)
        {
            // A failed create is not remembered: the next call tries again.
            _queues.TryRemove(new KeyValuePair<string, Lazy<Task<QueueClient>>>(queueName, created));
            throw;
        }
    }
}
