using Kmt.Core.Knowledge;
using Kmt.Core.Tags;
using Kmt.Core.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;
using Moq;
using static Kmt.Core.Tests.Fakes.TestSupport;

namespace Kmt.Core.Tests.Knowledge;

/// <summary>GETs count accesses in memory (<see cref="PendingAccesses"/>); a flush adds them to the store.</summary>
public class BatchedAccessCountingTests
{
    private readonly FakeTimeProvider _clock = Clock();
    private readonly InMemoryKnowledgeStore _store = new();
    private readonly Mock<ITagStore> _tags = new();
    private readonly Kmt.Core.Accounts.AuthenticatedUser _caller = Caller();

    private PendingAccesses Pending(IKnowledgeStore? store = null, int maxPending = 5_000, int batchSize = 500) =>
        new(store ?? _store, Options(new AccessCountingOptions { MaxPendingItems = maxPending, FlushBatchSize = batchSize }));

    private KnowledgeService Service(PendingAccesses pending) => new(_store, _tags.Object, Limits(), _clock, accesses: pending);

    private Task<KnowledgeItem> CreateAsync(KnowledgeService service) =>
        service.CreateAsync(_caller, new KnowledgeInput("Title", "one two three", "text", null, null, null, null, null), CancellationToken.None);

    [Fact]
    public async Task A_get_reads_once_and_writes_nothing_until_the_flush()
    {
        var store = new Mock<IKnowledgeStore>(MockBehavior.Strict);
        var item = new KnowledgeItem { Id = Kmt.Core.Common.Ids.New(), UserId = _caller.UserId, Title = "t", Content = "c", ContentType = "text", CreatedAt = Start, UpdatedAt = Start, AccessCount = 3, AccessedAt = Start, ETag = "e1" };
        store.Setup(s => s.GetAsync(_caller.UserId, item.Id, It.IsAny<CancellationToken>())).ReturnsAsync(item);
        var pending = Pending(store.Object);
        var service = new KnowledgeService(store.Object, _tags.Object, Limits(), _clock, accesses: pending);
        _clock.Advance(TimeSpan.FromMinutes(5));

        var first = await service.GetAsync(_caller, item.Id, CancellationToken.None);
        var second = await service.GetAsync(_caller, item.Id, CancellationToken.None);

        // Strict mock: any write (RecordAccessAsync, ReplaceAsync) on the request path would throw.
        store.Verify(s => s.GetAsync(_caller.UserId, item.Id, It.IsAny<CancellationToken>()), Times.Exactly(2));
        Assert.Equal(4, first.AccessCount);
        Assert.Equal(5, second.AccessCount);
        Assert.Equal(Start.AddMinutes(5), second.AccessedAt);
        Assert.Equal("e1", second.ETag);
        Assert.Equal(1, pending.PendingItems);
    }

    [Fact]
    public async Task A_flush_adds_the_counts_and_the_latest_time_to_the_store()
    {
        var pending = Pending();
        var service = Service(pending);
        var item = await CreateAsync(service);
        _clock.Advance(TimeSpan.FromHours(1));
        await service.GetAsync(_caller, item.Id, CancellationToken.None);
        _clock.Advance(TimeSpan.FromHours(1));
        await service.GetAsync(_caller, item.Id, CancellationToken.None);
        Assert.Equal(0, _store.Items[(_caller.UserId, item.Id)].AccessCount);

        var written = await pending.FlushAsync(CancellationToken.None);

        Assert.Equal(1, written);
        var stored = _store.Items[(_caller.UserId, item.Id)];
        Assert.Equal(2, stored.AccessCount);
        Assert.Equal(Start.AddHours(2), stored.AccessedAt);
        Assert.Equal(0, pending.PendingItems);
        Assert.Equal(0, await pending.FlushAsync(CancellationToken.None));

        // After the flush a read shows the stored count plus its own access, not the flushed ones twice.
        Assert.Equal(3, (await service.GetAsync(_caller, item.Id, CancellationToken.None)).AccessCount);
    }

    [Fact]
    public async Task A_failed_flush_keeps_the_tallies_for_the_next_one()
    {
        var store = new Mock<IKnowledgeStore>();
        var calls = 0;
        var received = new List<AccessTally>();
        store.Setup(s => s.RecordAccessesAsync(It.IsAny<IReadOnlyList<AccessTally>>(), It.IsAny<CancellationToken>()))
            .Returns((IReadOnlyList<AccessTally> tallies, CancellationToken _) =>
            {
                if (calls++ == 0)
                {
                    throw new TimeoutException("store unreachable");
                }

                received.AddRange(tallies);
                return Task.CompletedTask;
            });
        var pending = Pending(store.Object);
        pending.Record("u1", "a", Start);
        pending.Record("u1", "a", Start.AddSeconds(1));

        await Assert.ThrowsAsync<TimeoutException>(() => pending.FlushAsync(CancellationToken.None));
        Assert.Equal(1, pending.PendingItems);
        pending.Record("u1", "a", Start.AddSeconds(2));
        await pending.FlushAsync(CancellationToken.None);

        var tally = Assert.Single(received);
        Assert.Equal(3, tally.Count);
        Assert.Equal(Start.AddSeconds(2), tally.LastAccessedAt);
    }

    [Fact]
    public async Task Tallies_are_per_user_and_item_and_written_in_batches_of_the_configured_size()
    {
        var pending = Pending(batchSize: 2);
        pending.Record("u1", "a", Start);
        pending.Record("u2", "a", Start);
        pending.Record("u1", "b", Start);
        pending.Record("u1", "a", Start);

        await pending.FlushAsync(CancellationToken.None);

        Assert.Equal([2, 1], _store.AccessBatches.Select(b => b.Count));
        var all = _store.AccessBatches.SelectMany(b => b).ToDictionary(t => (t.UserId, t.ItemId), t => t.Count);
        Assert.Equal(2, all[("u1", "a")]);
        Assert.Equal(1, all[("u2", "a")]);
        Assert.Equal(1, all[("u1", "b")]);
    }

    [Fact]
    public async Task WhenFull_completes_at_the_configured_number_of_items_and_resets_after_a_flush()
    {
        var pending = Pending(maxPending: 2);
        pending.Record("u1", "a", Start);
        pending.Record("u1", "a", Start);
        Assert.False(pending.WhenFull.IsCompleted);

        pending.Record("u1", "b", Start);
        Assert.True(pending.WhenFull.IsCompleted);

        await pending.FlushAsync(CancellationToken.None);
        Assert.False(pending.WhenFull.IsCompleted);
    }

    [Fact]
    public async Task Listing_by_accessed_at_writes_the_callers_waiting_accesses_first_and_no_one_elses()
    {
        var pending = Pending();
        var service = Service(pending);
        var older = await CreateAsync(service);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var newer = await CreateAsync(service);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await service.GetAsync(_caller, older.Id, CancellationToken.None);
        pending.Record("someone-else", "x", Start);

        var page = await service.ListAsync(_caller, new KnowledgeListRequest(null, null, null, null, null, "accessed_at", "desc", null, null, null), CancellationToken.None);

        Assert.Equal([older.Id, newer.Id], page.Items.Select(i => i.Id));
        Assert.Equal(1, _store.Items[(_caller.UserId, older.Id)].AccessCount);
        Assert.Equal(1, pending.PendingItems); // the other person's access still waits for the flusher
    }

    [Fact]
    public async Task Unbatched_a_get_writes_its_access_at_once()
    {
        var pending = new PendingAccesses(_store, Options(new AccessCountingOptions { Batched = false }));
        var service = Service(pending);
        var item = await CreateAsync(service);

        await service.GetAsync(_caller, item.Id, CancellationToken.None);

        Assert.Equal(1, _store.Items[(_caller.UserId, item.Id)].AccessCount);
        Assert.Equal(0, pending.PendingItems);
    }
}
