using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Insights.Discovery;

/// <summary>
/// The discovery input of a (user, run), kept by the instance that read it so the next discovery step
/// of the same run, when it lands on the same instance, does not read the person's items and vectors
/// again (docs/design/insights.md, "Insight pipeline"). Only a cache: activities may run on any instance,
/// so a miss (another instance, expiry, eviction under <see cref="DiscoveryOptions.InputCacheItems"/>)
/// reads from the stores as before. The input is a function of the run's as-of time, so every step of
/// the run sees the same snapshot either way.
/// </summary>
public sealed class DiscoveryInputCache : IDisposable
{
    private readonly MemoryCache? _cache;
    private readonly TimeSpan _lifetime;

    public DiscoveryInputCache(IOptions<DiscoveryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        _lifetime = settings.InputCacheLifetime;
        if (settings.InputCacheItems > 0 && _lifetime > TimeSpan.Zero)
        {
            _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = settings.InputCacheItems });
        }
    }

    /// <summary>The cached input of the run, or what <paramref name="read"/> returns (then cached).</summary>
    public async Task<DiscoveryInput> GetOrReadAsync(UserRun run, Func<Task<DiscoveryInput>> read)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(read);
        if (_cache is null)
        {
            return await read().ConfigureAwait(false);
        }

        var key = Key(run);
        if (_cache.TryGetValue(key, out DiscoveryInput? cached) && cached is not null)
        {
            return cached;
        }

        var input = await read().ConfigureAwait(false);

        // Sized by items so the limit bounds memory; an input larger than the limit is simply not kept.
        _cache.Set(key, input, new MemoryCacheEntryOptions { Size = input.Items.Count + 1, AbsoluteExpirationRelativeToNow = _lifetime });
        return input;
    }

    /// <summary>Drops the run's input (after its last discovery step).</summary>
    public void Remove(UserRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        _cache?.Remove(Key(run));
    }

    public void Dispose() => _cache?.Dispose();

    private static (string UserId, string RunId) Key(UserRun run) => (run.UserId, run.RunId);
}
