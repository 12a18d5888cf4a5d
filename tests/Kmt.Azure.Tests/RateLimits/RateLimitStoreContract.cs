using Kmt.Core.RateLimits;

namespace Kmt.Azure.Tests.RateLimits;

/// <summary>
/// The one contract of <see cref="IRateLimitStore"/>, run against every adapter (memory, Azure Table
/// Storage on Azurite). Each test uses its own keys.
/// </summary>
public abstract class RateLimitStoreContract
{
    protected abstract IRateLimitStore Store { get; }

    /// <summary>A window short enough for <see cref="PassAsync"/>; adapters on a fake clock may use a long one.</summary>
    protected abstract TimeSpan ShortWindow { get; }

    /// <summary>How many other keys the churn test counts (the old counter broke at 10,000).</summary>
    protected abstract int ChurnKeys { get; }

    /// <summary>Lets <paramref name="window"/> pass: a fake clock moves, or real time passes.</summary>
    protected abstract Task PassAsync(TimeSpan window);

    private static string NewKey() => "test|" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task It_allows_exactly_the_limit_then_refuses_with_a_retry_after_within_the_window()
    {
        var rule = new RateLimitRule { PermitLimit = 3, Window = TimeSpan.FromHours(1) };
        var key = NewKey();
        var decisions = new List<RateLimitDecision>();
        for (var i = 0; i < 5; i++)
        {
            decisions.Add(await Store.TryAcquireAsync(key, rule, CancellationToken.None));
        }

        Assert.Equal([true, true, true, false, false], decisions.Select(d => d.Allowed));
        Assert.Equal([2, 1, 0], decisions.Take(3).Select(d => d.Remaining));
        Assert.InRange(decisions[3].RetryAfter, TimeSpan.FromTicks(1), rule.Window);
        Assert.InRange(decisions[3].RetryAfterSeconds, 1, 3600);
    }

    [Fact]
    public async Task Keys_and_rules_are_counted_apart()
    {
        var rule = new RateLimitRule { PermitLimit = 1, Window = TimeSpan.FromHours(1) };
        var a = NewKey();
        Assert.True((await Store.TryAcquireAsync(a, rule, CancellationToken.None)).Allowed);
        Assert.False((await Store.TryAcquireAsync(a, rule, CancellationToken.None)).Allowed);
        Assert.True((await Store.TryAcquireAsync(NewKey(), rule, CancellationToken.None)).Allowed);

        // The same key under a different rule (another bucket) has its own count.
        var other = new RateLimitRule { PermitLimit = 1, Window = TimeSpan.FromMinutes(1) };
        Assert.True((await Store.TryAcquireAsync(a, other, CancellationToken.None)).Allowed);
    }

    [Fact]
    public async Task A_long_window_keeps_counting_while_many_short_window_keys_come_and_go()
    {
        // The defect: the old counter swept every key with the window of whichever request came in
        // once it held 10,000 keys, so a per-minute flood wiped the per-hour upload counts.
        var upload = new RateLimitRule { PermitLimit = 2, Window = TimeSpan.FromHours(1) };
        var perMinute = new RateLimitRule { PermitLimit = 100, Window = TimeSpan.FromMinutes(1) };
        var uploader = NewKey();
        Assert.True((await Store.TryAcquireAsync(uploader, upload, CancellationToken.None)).Allowed);
        Assert.True((await Store.TryAcquireAsync(uploader, upload, CancellationToken.None)).Allowed);

        await PassAsync(TimeSpan.FromMinutes(2)); // past the per-minute window the old sweep used
        for (var i = 0; i < ChurnKeys; i++)
        {
            await Store.TryAcquireAsync(NewKey(), perMinute, CancellationToken.None);
        }

        Assert.False((await Store.TryAcquireAsync(uploader, upload, CancellationToken.None)).Allowed);
    }

    [Fact]
    public async Task A_new_window_starts_a_new_count_and_purging_keeps_the_limits()
    {
        var rule = new RateLimitRule { PermitLimit = 1, Window = ShortWindow };
        var key = NewKey();
        Assert.True((await Store.TryAcquireAsync(key, rule, CancellationToken.None)).Allowed);
        Assert.False((await Store.TryAcquireAsync(key, rule, CancellationToken.None)).Allowed);

        await PassAsync(ShortWindow);
        Assert.True(await Store.PurgeExpiredAsync(CancellationToken.None) >= 0);

        Assert.True((await Store.TryAcquireAsync(key, rule, CancellationToken.None)).Allowed);
        Assert.False((await Store.TryAcquireAsync(key, rule, CancellationToken.None)).Allowed);
    }

    [Fact]
    public async Task Concurrent_requests_never_exceed_the_limit()
    {
        var rule = new RateLimitRule { PermitLimit = 5, Window = TimeSpan.FromHours(1) };
        var key = NewKey();
        var decisions = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Store.TryAcquireAsync(key, rule, CancellationToken.None).AsTask()));

        Assert.Equal(5, decisions.Count(d => d.Allowed));
    }
}
