using Kmt.Core.Common;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Kmt.Core.Tests.Common;

public sealed class CachedStoreHealthTests
{
    private readonly FakeTimeProvider _clock = new();
    private readonly CountingHealth _inner = new();

    [Fact]
    public async Task One_store_check_serves_every_call_within_the_cache_duration()
    {
        var health = new CachedStoreHealth(_inner, Options(TimeSpan.FromSeconds(5)), _clock);

        await health.CheckAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(4));
        await health.CheckAsync(CancellationToken.None);
        Assert.Equal(1, _inner.Calls);

        _clock.Advance(TimeSpan.FromSeconds(2));
        await health.CheckAsync(CancellationToken.None);
        Assert.Equal(2, _inner.Calls);
    }

    [Fact]
    public async Task A_zero_duration_checks_every_time()
    {
        var health = new CachedStoreHealth(_inner, Options(TimeSpan.Zero), _clock);
        await health.CheckAsync(CancellationToken.None);
        await health.CheckAsync(CancellationToken.None);
        Assert.Equal(2, _inner.Calls);
    }

    private static IOptionsMonitor<HealthOptions> Options(TimeSpan duration) =>
        new StaticMonitor(new HealthOptions { CacheDuration = duration });

    private sealed class StaticMonitor(HealthOptions value) : IOptionsMonitor<HealthOptions>
    {
        public HealthOptions CurrentValue => value;

        public HealthOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<HealthOptions, string?> listener) => null;
    }

    private sealed class CountingHealth : IStoreHealth
    {
        public int Calls { get; private set; }

        public Task<StoreHealthReport> CheckAsync(CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(new StoreHealthReport(true, "test", "ok", new Dictionary<string, object?>()));
        }
    }
}
