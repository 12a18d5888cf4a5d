namespace Kmt.Core.Common;

/// <summary>
/// Hands work to a queue-triggered function: the embedded queue by default, Azure Storage Queues in
/// Azure (docs/design/hosting.md, "Queues"). Delivery is at least once, so every consumer is idempotent.
/// </summary>
public interface IWorkQueue
{
    /// <summary>Adds <paramref name="message"/> (JSON text) to the queue named <paramref name="queueName"/>.</summary>
    /// <param name="queueName">Lower-case letters, digits and hyphens, 3-63 characters (Azure's queue naming rule).</param>
    /// <param name="message">The message body; at most 48 KB of UTF-8 so it fits a Storage queue message once base64-encoded.</param>
    /// <param name="visibilityDelay">How long the message stays invisible before a consumer can take it; null for at once.</param>
    /// <param name="cancellationToken">Stops the send.</param>
    Task SendAsync(string queueName, string message, TimeSpan? visibilityDelay = null, CancellationToken cancellationToken = default);
}
