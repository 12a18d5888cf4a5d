using System.Threading.RateLimiting;

namespace Kmt.Core.RateLimits;

/// <summary>
/// The embedded default of <see cref="IRateLimitStore"/>: System.Threading.RateLimiting's partitioned
/// fixed-window limiters, one partition per (key, limit, window), in this process's memory.
/// </summary>
/// <remarks>
/// Each partition keeps its own window, so one bucket's traffic never expires another's counts, and
/// the library drops a partition once its window has been fully replenished for a while: memory
/// follows the keys active within their window, not every key ever seen. Counts are per process:
/// with several instances, use the shared store (docs/design/hosting.md, "Rate limits").
/// </remarks>
public sealed class MemoryRateLimitStore : IRateLimitStore, IDisposable
{
    private readonly PartitionedRateLimiter<Partition> _limiter = PartitionedRateLimiter.Create<Partition, Partition>(
        partition => RateLimitPartition.GetFixedWindowLimiter(partition, p => new FixedWindowRateLimiterOptions
        {
            PermitLimit = p.Limit,
            Window = p.Window,
            QueueLimit = 0,
            AutoReplenishment = false, // the partitioned limiter's own timer replenishes every partition
        }));

    public ValueTask<RateLimitDecision> TryAcquireAsync(string key, RateLimitRule rule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var partition = new Partition(key, rule.PermitLimit, rule.Window);
        using var lease = _limiter.AttemptAcquire(partition);
        var remaining = (int)Math.Max(0, _limiter.GetStatistics(partition)?.CurrentAvailablePermits ?? 0);
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : rule.Window;
        return ValueTask.FromResult(new RateLimitDecision(lease.IsAcquired, remaining, lease.IsAcquired ? TimeSpan.Zero : retryAfter));
    }

    /// <summary>The limiter drops idle partitions itself.</summary>
    public Task<int> PurgeExpiredAsync(CancellationToken cancellationToken) => Task.FromResult(0);

    public void Dispose() => _limiter.Dispose();

    private readonly record struct Partition(string Key, int Limit, TimeSpan Window);
}
