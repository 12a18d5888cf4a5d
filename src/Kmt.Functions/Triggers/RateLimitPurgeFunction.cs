using Kmt.Core.RateLimits;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Kmt.Functions.Triggers;

/// <summary>
/// Deletes rate-limit counters whose window has ended (Azure Table Storage has no TTL; the memory
/// store drops them itself). Schedule: Kmt:RateLimits:PurgeSchedule (docs/design/hosting.md, "Rate limits").
/// </summary>
public sealed class RateLimitPurgeFunction(IRateLimitStore store, ILogger<RateLimitPurgeFunction> logger)
{
    [Function("RateLimits_Purge")]
    public async Task Run([TimerTrigger("%Kmt:RateLimits:PurgeSchedule%")] TimerInfo timer, CancellationToken ct)
    {
        var deleted = await store.PurgeExpiredAsync(ct);
        logger.LogInformation("Deleted {Count} expired rate-limit counters.", deleted);
    }
}
