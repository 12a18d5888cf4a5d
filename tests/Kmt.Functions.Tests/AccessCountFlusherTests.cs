using Kmt.Core.Knowledge;
using Kmt.Functions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Kmt.Functions.Tests;

/// <summary>The hosted service that writes batched access counts: on its interval and, above all, when the host stops.</summary>
public class AccessCountFlusherTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(T0);
    private readonly Mock<IKnowledgeStore> _store = new();
    private readonly List<AccessTally> _written = [];

    public AccessCountFlusherTests()
    {
        _store.Setup(s => s.RecordAccessesAsync(It.IsAny<IReadOnlyList<AccessTally>>(), It.IsAny<CancellationToken>()))
            .Callback((IReadOnlyList<AccessTally> tallies, CancellationToken _) => { lock (_written) { _written.AddRange(tallies); } })
            .Returns(Task.CompletedTask);
    }

    private (PendingAccesses Pending, WriteBehindFlusher<PendingAccesses> Flusher) Create(AccessCountingOptions options)
    {
        var pending = new PendingAccesses(_store.Object, Options.Create(options));
        return (pending, new WriteBehindFlusher<PendingAccesses>(pending, _clock, NullLogger<WriteBehindFlusher<PendingAccesses>>.Instance));
    }

    [Fact]
    public async Task Stopping_the_host_writes_what_is_waiting()
    {
        var (pending, flusher) = Create(new AccessCountingOptions { FlushInterval = TimeSpan.FromHours(1) });
        await flusher.StartAsync(CancellationToken.None);
        pending.Record("u", "a", T0);
        pending.Record("u", "a", T0.AddSeconds(1));

        await flusher.StopAsync(CancellationToken.None);

        var tally = Assert.Single(_written);
        Assert.Equal(new AccessTally("u", "a", 2, T0.AddSeconds(1)), tally);
        Assert.Equal(0, pending.PendingItems);
    }

    [Fact]
    public async Task Each_interval_writes_the_tallies_gathered_since_the_last_one()
    {
        var (pending, flusher) = Create(new AccessCountingOptions { FlushInterval = TimeSpan.FromSeconds(5) });
        await flusher.StartAsync(CancellationToken.None);
        pending.Record("u", "a", T0);

        // ExecuteAsync starts on the thread pool, so its timer may start after T0: step the fake clock
        // a second at a time and note when the write happens. It can never come before one interval.
        var waited = TimeSpan.Zero;
        while (Written() == 0 && waited < TimeSpan.FromSeconds(60))
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            waited += TimeSpan.FromSeconds(1);
            await Task.Delay(20);
        }

        await WaitUntil(() => Written() == 1);
        Assert.True(waited >= TimeSpan.FromSeconds(5), $"flushed after {waited}, before the 5 s interval");
        Assert.Equal(0, pending.PendingItems);

        // Accesses after a flush go out with the next interval, not with the first one again.
        pending.Record("u", "b", T0);
        for (var i = 0; i < 60 && Written() < 2; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }

        await WaitUntil(() => Written() == 2);
        await flusher.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Unbatched_it_writes_nothing()
    {
        var (pending, flusher) = Create(new AccessCountingOptions { Batched = false });
        await flusher.StartAsync(CancellationToken.None);
        await flusher.StopAsync(CancellationToken.None);

        _store.Verify(s => s.RecordAccessesAsync(It.IsAny<IReadOnlyList<AccessTally>>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Equal(0, pending.PendingItems);
    }

    private int Written()
    {
        lock (_written)
        {
            return _written.Count;
        }
    }

    private async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition());
    }
}
