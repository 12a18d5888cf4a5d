using Kmt.Core.RateLimits;

namespace Kmt.Azure.Tests.RateLimits;

/// <summary>
/// The contract on the embedded default. System.Threading.RateLimiting runs on its own clock (no
/// TimeProvider), so the window tests use a 300 ms window and let it pass.
/// </summary>
public sealed class MemoryRateLimitStoreContractTests : RateLimitStoreContract, IDisposable
{
    private readonly MemoryRateLimitStore _store = new();

    protected override IRateLimitStore Store => _store;

    protected override TimeSpan ShortWindow => TimeSpan.FromMilliseconds(300);

    protected override int ChurnKeys => 10_050;

    // The limiter replenishes on a 100 ms heartbeat after the window ends; on a loaded CI machine that
    // timer can run late, so the wait leaves it two seconds. Longer spans cannot be faked on its clock;
    // the churn test then runs within the hour, which is what it needs.
    protected override Task PassAsync(TimeSpan window) =>
        window > ShortWindow ? Task.CompletedTask : Task.Delay(window + TimeSpan.FromSeconds(2));

    public void Dispose() => _store.Dispose();
}
