using Microsoft.Extensions.Options;

namespace Kmt.Core.Common;

/// <summary>
/// The store check behind the public health endpoint, reused for <see cref="HealthOptions.CacheDuration"/>
/// so that the anonymous endpoint cannot be used to make every request cost a store round trip.
/// Concurrent callers of an expired entry share one check.
/// </summary>
public sealed class CachedStoreHealth(IStoreHealth inner, IOptionsMonitor<HealthOptions> options, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private Task<StoreHealthReport>? _pending;
    private DateTimeOffset _checkedAt;

    public Task<StoreHealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            var fresh = _pending is { IsCompleted: false }
                || (_pending is { IsCompletedSuccessfully: true } && now - _checkedAt < options.CurrentValue.CacheDuration);
            if (!fresh)
            {
                _checkedAt = now;
                // Not the caller's token: a shared check must not fail for the others when one caller leaves.
                _pending = inner.CheckAsync(CancellationToken.None);
            }

            return _pending!.WaitAsync(cancellationToken);
        }
    }
}
