using System.Text;
using Kmt.Core.Common;

namespace Kmt.Storage.Contracts;

/// <summary>
/// <see cref="IWorkQueue"/> and <see cref="IWorkQueueReceiver"/>: order, leases, receipts, abandon with
/// a delay, poison, and the limits every adapter shares (docs/design/hosting.md, "Queues"). Each test uses
/// queues of its own, so an adapter may share one account among tests.
/// </summary>
public abstract class WorkQueueContract
{
    protected static CancellationToken Ct => CancellationToken.None;

    /// <summary>This test's queue (and its poison queue), unique to the test.</summary>
    protected string Queue { get; } = "q-" + Guid.NewGuid().ToString("N")[..16];

    protected abstract IWorkQueue Sender { get; }

    protected abstract IWorkQueueReceiver Receiver { get; }

    /// <summary>A lease the adapter honours to the second (Azure's visibility has whole seconds).</summary>
    protected virtual TimeSpan Lease => TimeSpan.FromSeconds(2);

    /// <summary>Lets <paramref name="duration"/> pass for the queue: a fake clock's advance, or a real wait.</summary>
    protected abstract Task PassAsync(TimeSpan duration);

    [Fact]
    public virtual async Task A_sent_message_is_received_with_its_body_and_a_first_dequeue_count()
    {
        const string body = """{"change":"item-updated","title":"Ünïcode ✓ 𝄞"}""";
        await Sender.SendAsync(Queue, body, cancellationToken: Ct);

        var message = Assert.Single(await Receiver.ReceiveAsync(Queue, 32, Lease, Ct));

        Assert.Equal(body, message.Body);
        Assert.Equal(Queue, message.QueueName);
        Assert.Equal(1, message.DequeueCount);
        Assert.False(string.IsNullOrEmpty(message.Id));
        Assert.False(string.IsNullOrEmpty(message.Receipt));
        Assert.True(message.NextVisibleAt > message.InsertedAt);
    }

    [Fact]
    public virtual async Task Messages_come_in_the_order_sent_at_most_max_at_a_time_and_queues_are_separate()
    {
        foreach (var body in new[] { "one", "two", "three" })
        {
            await Sender.SendAsync(Queue, body, cancellationToken: Ct);
        }

        Assert.Empty(await Receiver.ReceiveAsync(Queue + "-other", 32, Lease, Ct));
        Assert.Equal(["one", "two"], (await Receiver.ReceiveAsync(Queue, 2, Lease, Ct)).Select(m => m.Body));
        Assert.Equal(["three"], (await Receiver.ReceiveAsync(Queue, 2, Lease, Ct)).Select(m => m.Body));
        Assert.Empty(await Receiver.ReceiveAsync(Queue, 2, Lease, Ct));
    }

    [Fact]
    public virtual async Task A_leased_message_is_invisible_until_the_lease_ends_then_comes_back_counted_with_a_new_receipt()
    {
        await Sender.SendAsync(Queue, "lease me", cancellationToken: Ct);
        var first = Assert.Single(await Receiver.ReceiveAsync(Queue, 1, Lease, Ct));

        Assert.Empty(await Receiver.ReceiveAsync(Queue, 1, Lease, Ct));
        await PassAsync(Lease + TimeSpan.FromSeconds(1));
        var second = Assert.Single(await Receiver.ReceiveAsync(Queue, 1, Lease, Ct));

        Assert.Equal(first.Id, second.Id);
        Assert.Equal("lease me", second.Body);
        Assert.Equal(2, second.DequeueCount);
        Assert.NotEqual(first.Receipt, second.Receipt);

        // The first consumer's lease is gone: it can neither delete, delay nor poison the message now.
        Assert.False(await Receiver.CompleteAsync(first, Ct));
        Assert.False(await Receiver.AbandonAsync(first, TimeSpan.Zero, Ct));
        Assert.False(await Receiver.PoisonAsync(first, Ct));
        Assert.Empty(await Receiver.ReceiveAsync(WorkQueueRules.PoisonQueueName(Queue), 32, Lease, Ct));

        Assert.True(await Receiver.CompleteAsync(second, Ct));
    }

    [Fact]
    public virtual async Task A_completed_message_is_gone_for_good()
    {
        await Sender.SendAsync(Queue, "done", cancellationToken: Ct);
        var message = Assert.Single(await Receiver.ReceiveAsync(Queue, 1, Lease, Ct));

        Assert.True(await Receiver.CompleteAsync(message, Ct));
        Assert.False(await Receiver.CompleteAsync(message, Ct));
        await PassAsync(Lease + TimeSpan.FromSeconds(1));
        Assert.Empty(await Receiver.ReceiveAsync(Queue, 32, Lease, Ct));
    }

    [Fact]
    public virtual async Task An_abandoned_message_returns_after_its_delay_with_its_body_and_the_old_receipt_is_void()
    {
        await Sender.SendAsync(Queue, "try again", cancellationToken: Ct);
        var first = Assert.Single(await Receiver.ReceiveAsync(Queue, 1, TimeSpan.FromMinutes(5), Ct));

        Assert.True(await Receiver.AbandonAsync(first, Lease, Ct));
        Assert.Empty(await Receiver.ReceiveAsync(Queue, 1, Lease, Ct));
        Assert.False(await Receiver.CompleteAsync(first, Ct));

        await PassAsync(Lease + TimeSpan.FromSeconds(1));
        var again = Assert.Single(await Receiver.ReceiveAsync(Queue, 1, Lease, Ct));
        Assert.Equal(first.Id, again.Id);
        Assert.Equal("try again", again.Body);
        Assert.Equal(2, again.DequeueCount);
    }

    [Fact]
    public virtual async Task A_message_abandoned_without_delay_is_visible_at_once()
    {
        await Sender.SendAsync(Queue, "now", cancellationToken: Ct);
        var first = Assert.Single(await Receiver.ReceiveAsync(Queue, 1, TimeSpan.FromMinutes(5), Ct));

        Assert.True(await Receiver.AbandonAsync(first, TimeSpan.Zero, Ct));

        Assert.Equal(first.Id, Assert.Single(await Receiver.ReceiveAsync(Queue, 1, Lease, Ct)).Id);
    }

    [Fact]
    public virtual async Task A_visibility_delay_on_send_hides_the_message_until_it_passes()
    {
        await Sender.SendAsync(Queue, "later", Lease, Ct);

        Assert.Empty(await Receiver.ReceiveAsync(Queue, 32, Lease, Ct));
        await PassAsync(Lease + TimeSpan.FromSeconds(1));
        Assert.Equal("later", Assert.Single(await Receiver.ReceiveAsync(Queue, 32, Lease, Ct)).Body);
    }

    [Fact]
    public virtual async Task Poisoning_moves_the_message_to_the_poison_queue()
    {
        await Sender.SendAsync(Queue, """{"bad":true}""", cancellationToken: Ct);
        var message = Assert.Single(await Receiver.ReceiveAsync(Queue, 1, Lease, Ct));

        Assert.True(await Receiver.PoisonAsync(message, Ct));

        await PassAsync(Lease + TimeSpan.FromSeconds(1));
        Assert.Empty(await Receiver.ReceiveAsync(Queue, 32, Lease, Ct));
        var poisoned = Assert.Single(await Receiver.ReceiveAsync(WorkQueueRules.PoisonQueueName(Queue), 32, Lease, Ct));
        Assert.Equal("""{"bad":true}""", poisoned.Body);
        Assert.Equal(1, poisoned.DequeueCount);
    }

    [Fact]
    public virtual async Task A_message_that_keeps_failing_is_retried_until_the_max_dequeue_count_then_poisoned()
    {
        var options = new WorkQueueOptions { MaxDequeueCount = 3, RetryDelay = TimeSpan.Zero, MaxRetryDelay = TimeSpan.Zero };
        await Sender.SendAsync(Queue, "fails", cancellationToken: Ct);

        var outcomes = new List<bool>();
        for (var delivery = 1; delivery <= 3; delivery++)
        {
            var message = Assert.Single(await Receiver.ReceiveAsync(Queue, 1, Lease, Ct));
            Assert.Equal(delivery, message.DequeueCount);
            outcomes.Add(await WorkQueueRules.SettleFailureAsync(Receiver, message, options, Ct));
        }

        Assert.Equal([false, false, true], outcomes);
        Assert.Empty(await Receiver.ReceiveAsync(Queue, 32, Lease, Ct));
        Assert.Equal("fails", Assert.Single(await Receiver.ReceiveAsync(WorkQueueRules.PoisonQueueName(Queue), 32, Lease, Ct)).Body);
    }

    [Fact]
    public virtual async Task The_largest_message_fits_and_bad_names_sizes_and_delays_are_refused()
    {
        var largest = new string('é', WorkQueueRules.MaxMessageBytes / 2); // two UTF-8 bytes each
        Assert.Equal(WorkQueueRules.MaxMessageBytes, Encoding.UTF8.GetByteCount(largest));
        await Sender.SendAsync(Queue, largest, cancellationToken: Ct);
        Assert.Equal(largest, Assert.Single(await Receiver.ReceiveAsync(Queue, 1, Lease, Ct)).Body);

        await Assert.ThrowsAsync<ArgumentException>(() => Sender.SendAsync(Queue, largest + "x", cancellationToken: Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Sender.SendAsync("Graph_Changes", "x", cancellationToken: Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Sender.SendAsync("q", "x", cancellationToken: Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Sender.SendAsync(Queue, "x", TimeSpan.FromDays(8), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Receiver.ReceiveAsync("no--double", 1, Lease, Ct));
    }
}
