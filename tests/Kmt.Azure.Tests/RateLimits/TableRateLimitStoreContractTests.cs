using Azure.Data.Tables;
using Kmt.Azure.RateLimits;
using Kmt.Azure.Tests.Infrastructure;
using Kmt.Core.RateLimits;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Kmt.Azure.Tests.RateLimits;

/// <summary>The contract on Azure Table Storage (Azurite's table service), on a fake clock; one table per test class instance.</summary>
public sealed class TableRateLimitStoreContractTests : RateLimitStoreContract, IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero));
    private readonly TableClient _table;

    public TableRateLimitStoreContractTests()
    {
        _table = new TableClient(Azurite.TableConnectionString, "ratelimits" + Guid.NewGuid().ToString("N")[..12]);
        Store = new TableRateLimitStore(_table, _clock, NullLogger<TableRateLimitStore>.Instance, maxAttempts: 100);
    }

    protected override IRateLimitStore Store { get; }

    protected override TimeSpan ShortWindow => TimeSpan.FromMinutes(1);

    protected override int ChurnKeys => 50;

    protected override Task PassAsync(TimeSpan window)
    {
        _clock.Advance(window);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Purging_deletes_only_the_counters_whose_window_ended()
    {
        var minute = new RateLimitRule { PermitLimit = 5, Window = TimeSpan.FromMinutes(1) };
        var hour = new RateLimitRule { PermitLimit = 5, Window = TimeSpan.FromHours(1) };
        await Store.TryAcquireAsync("a", minute, CancellationToken.None);
        await Store.TryAcquireAsync("b", hour, CancellationToken.None);

        _clock.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(1, await Store.PurgeExpiredAsync(CancellationToken.None));
        Assert.Equal(3, (await Store.TryAcquireAsync("b", hour, CancellationToken.None)).Remaining);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _table.DeleteAsync();
}
