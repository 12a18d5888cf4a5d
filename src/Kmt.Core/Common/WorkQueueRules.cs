using System.Text;

namespace Kmt.Core.Common;

/// <summary>
/// The queue rules every adapter applies the same way: Azure Storage's queue naming and size limits
/// (so a message the embedded queue accepts also fits Azure), the poison queue's name, and what happens
/// to a message whose invocation failed (docs/design/hosting.md, "Queues").
/// </summary>
public static class WorkQueueRules
{
    /// <summary>The most UTF-8 a message body may hold: 48 KB, which base64-encodes to Azure's 64 KB message limit.</summary>
    public const int MaxMessageBytes = 48 * 1024;

    /// <summary>The longest delay or lease Azure Storage queues accept.</summary>
    public static readonly TimeSpan MaxVisibility = TimeSpan.FromDays(7);

    /// <summary>Appended to a queue's name for its poison queue, as the Functions host names it.</summary>
    public const string PoisonSuffix = "-poison";

    /// <summary>
    /// Azure's queue naming rule (3-63 lower-case letters, digits and single hyphens, starting and ending
    /// with a letter or digit), with room left for <see cref="PoisonSuffix"/> unless it is a poison queue already.
    /// </summary>
    public static void ValidateQueueName(string queueName)
    {
        ArgumentException.ThrowIfNullOrEmpty(queueName);
        var max = queueName.EndsWith(PoisonSuffix, StringComparison.Ordinal) ? 63 : 63 - PoisonSuffix.Length;
        var valid = queueName.Length >= 3 && queueName.Length <= max
            && queueName.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
            && queueName[0] != '-' && queueName[^1] != '-'
            && !queueName.Contains("--", StringComparison.Ordinal);
        if (!valid)
        {
            throw new ArgumentException(
                $"Queue name '{queueName}' must be 3-{max} lower-case letters, digits and single hyphens, starting and ending with a letter or digit.",
                nameof(queueName));
        }
    }

    /// <summary>Throws unless <paramref name="message"/> is at most <see cref="MaxMessageBytes"/> of UTF-8.</summary>
    public static void ValidateMessage(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var bytes = Encoding.UTF8.GetByteCount(message);
        if (bytes > MaxMessageBytes)
        {
            throw new ArgumentException($"A queue message holds at most {MaxMessageBytes} bytes of UTF-8; this one has {bytes}.", nameof(message));
        }
    }

    /// <summary>Throws unless <paramref name="delay"/> is zero to seven days.</summary>
    public static void ValidateVisibility(TimeSpan delay, string parameterName)
    {
        if (delay < TimeSpan.Zero || delay > MaxVisibility)
        {
            throw new ArgumentOutOfRangeException(parameterName, delay, "Queue visibility delays and leases are zero to seven days.");
        }
    }

    /// <summary>The poison queue of <paramref name="queueName"/>: "{queue}-poison".</summary>
    public static string PoisonQueueName(string queueName) => queueName + PoisonSuffix;

    /// <summary>The wait before the next delivery of a message that failed on its <paramref name="dequeueCount"/>-th: doubling, capped.</summary>
    public static TimeSpan RetryDelay(WorkQueueOptions options, long dequeueCount)
    {
        ArgumentNullException.ThrowIfNull(options);
        var doublings = (int)Math.Clamp(dequeueCount - 1, 0, 30);
        var delay = options.RetryDelay * Math.Pow(2, doublings);
        return delay > options.MaxRetryDelay ? options.MaxRetryDelay : delay;
    }

    /// <summary>
    /// Settles a message whose invocation failed: to the poison queue once it has been delivered
    /// MaxDequeueCount times, otherwise back to its queue after <see cref="RetryDelay"/>. Returns true when poisoned.
    /// </summary>
    public static async Task<bool> SettleFailureAsync(IWorkQueueReceiver receiver, WorkQueueMessage message, WorkQueueOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(options);
        if (message.DequeueCount >= Math.Max(1, options.MaxDequeueCount))
        {
            await receiver.PoisonAsync(message, cancellationToken).ConfigureAwait(false);
            return true;
        }

        await receiver.AbandonAsync(message, RetryDelay(options, message.DequeueCount), cancellationToken).ConfigureAwait(false);
        return false;
    }
}
