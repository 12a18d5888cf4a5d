using Kmt.Core.Activity;
using Kmt.Functions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Kmt.Functions.Tests;

/// <summary>The hosted service that writes searches as activity: when too many wait, and when the host stops.</summary>
public class SearchHistoryFlusherTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(T0);
    private readonly Mock<IActivityStore> _store = new();
    private readonly List<UserActivity> _written = [];

    public SearchHistoryFlusherTests()
    {
        _store.Setup(s => s.AddAsync(It.IsAny<string>(), It.IsAny<IReadOnlyList<UserActivity>>(), It.IsAny<CancellationToken>()))
            .Callback((string _, IReadOnlyList<UserActivity> added, CancellationToken _) => { lock (_written) { _written.AddRange(added); } })
            .ReturnsAsync((string _, IReadOnlyList<UserActivity> added, CancellationToken _) => added.Count);
    }

    private (PendingSearches Pending, WriteBehindFlusher<PendingSearches> Flusher) Create(SearchHistoryOptions options)
    {
        var pending = new PendingSearches(_store.Object, Options.Create(options));
        return (pending, new WriteBehindFlusher<PendingSearches>(pending, _clock, NullLogger<WriteBehindFlusher<PendingSearches>>.Instance));
    }

    private static UserActivity Search(string userId) =>
        SearchHistory.Create(Guid.NewGuid().ToString(), userId, T0, T0, """{"query":"q","results":0}""");

    [Fact]
    public async Task Stopping_the_host_writes_what_is_waiting()
    {
        var (pending, flusher) = Create(new SearchHistoryOptions { FlushInterval = TimeSpan.FromHours(1) });
        await flusher.StartAsync(CancellationToken.None);
        pending.Add(Search("u"));
        pending.Add(Search("v"));

        await flusher.StopAsync(CancellationToken.None);

        Assert.Equal(["u", "v"], Written().Select(a => a.UserId).Order(StringComparer.Ordinal));
        Assert.Equal(0, pending.Count);
    }

    [Fact]
    public async Task A_full_buffer_is_written_before_the_interval_ends()
    {
        var (pending, flusher) = Create(new SearchHistoryOptions { FlushInterval = TimeSpan.FromHours(1), MaxPending = 2 });
        await flusher.StartAsync(CancellationToken.None);
        pending.Add(Search("u"));
        pending.Add(Search("u"));

        // The fake clock never moves: only the full signal can start this write.
        for (var i = 0; i < 200 && Written().Count < 2; i++)
        {
            await Task.Delay(25);
        }

        Assert.Equal(2, Written().Count);
        await flusher.StopAsync(CancellationToken.None);
    }

    private List<UserActivity> Written()
    {
        lock (_written)
        {
            return [.. _written];
        }
    }
}
