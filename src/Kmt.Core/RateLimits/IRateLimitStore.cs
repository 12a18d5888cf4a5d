namespace Kmt.Core.RateLimits;

/// <summary>
/// Counts requests per key in fixed windows (docs/design/hosting.md, "Rate limits"). Embedded: in process
/// memory. Azure: a store every instance shares (Kmt:RateLimits:Store = Table), so a limit holds
/// however many instances serve the app.
/// </summary>
public interface IRateLimitStore
{
    /// <summary>
    /// Counts one request for <paramref name="key"/> under <paramref name="rule"/>. A key is counted
    /// only against the rule it is used with: callers put the bucket's name in the key.
    /// </summary>
    ValueTask<RateLimitDecision> TryAcquireAsync(string key, RateLimitRule rule, CancellationToken cancellationToken);

    /// <summary>Deletes counters whose window has ended; returns how many. Stores that expire counters themselves return 0.</summary>
    Task<int> PurgeExpiredAsync(CancellationToken cancellationToken);
}
