namespace Kmt.Core.Common;

/// <summary>
/// Section "Kmt:Queues": how queue-triggered work is consumed where KMT consumes it itself (the DevHost;
/// in Azure the Functions host applies host.json's extensions.queues, which infra keeps to the same
/// values). See docs/design/hosting.md, "Queues".
/// </summary>
public sealed class WorkQueueOptions
{
    public const string Section = "Kmt:Queues";

    /// <summary>Deliveries of one message before it moves to the poison queue: the host's maxDequeueCount (default 5).</summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>How long a received message stays leased to its invocation before another consumer may take it.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The wait before a failed message is retried, doubled on each further failure up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait between retries of one message.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often an empty queue is looked at again.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Messages received at once per queue, and invoked at once: the host's batchSize (default 16; Azure allows 1-32).</summary>
    public int BatchSize { get; set; } = 16;
}
