using System.IO.Compression;
using Kmt.Core.Accounts;
using Kmt.Core.Activity;
using Kmt.Core.Common;
using Kmt.Core.Knowledge;
using Kmt.Core.Knowledge.Search;
using Kmt.Core.Privacy;
using Kmt.Core.Tags;
using Kmt.Core.Tests.Fakes;
using Kmt.Core.Uploads;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using static Kmt.Core.Tests.Fakes.TestSupport;

namespace Kmt.Core.Tests.Activity;

/// <summary>First-page searches wait in memory (<see cref="PendingSearches"/>); a flush writes them as activity.</summary>
public sealed class PendingSearchesTests
{
    private readonly FakeTimeProvider _clock = Clock();
    private readonly InMemoryActivityStore _activities = new();
    private readonly InMemoryPrivacyStore _privacy = new();
    private readonly InMemoryUserStore _users = new();

    private PendingSearches Pending(IActivityStore? store = null, int maxPending = 5_000, int batchSize = 500) =>
        new(store ?? _activities, Options(new SearchHistoryOptions { MaxPending = maxPending, FlushBatchSize = batchSize }));

    private SearchHistory History(PendingSearches pending, IActivityStore? store = null) =>
        new(store ?? _activities, new ConsentService(_privacy, _users, new InMemoryAuditLog(), _clock), _clock, pending);

    private static Task SearchAsync(SearchHistory history, AuthenticatedUser caller, string query) =>
        new KnowledgeSearchService(new InMemoryKnowledgeStore(), new InMemoryEmbeddingStore(), Options(new SearchOptions()), Limits(), searches: history)
            .SearchAsync(caller, new SearchInput(query, null, null, null, null, 1, null), CancellationToken.None);

    [Fact]
    public async Task A_search_writes_nothing_until_the_flush_which_writes_each_persons_searches_in_batches()
    {
        var store = new Mock<IActivityStore>(MockBehavior.Strict);
        var pending = Pending(batchSize: 2);
        var history = History(pending, store.Object);
        var (a, b) = (Caller(), Caller());

        foreach (var query in new[] { "one", "two", "three" })
        {
            await SearchAsync(history, a, query);
        }

        await SearchAsync(history, b, "four");

        // Strict mock: a write on the request path would have thrown.
        Assert.Equal(4, pending.Count);
        Assert.Equal(4, await pending.FlushAsync(CancellationToken.None));
        Assert.Equal(0, pending.Count);
        Assert.Equal(3, _activities.AddCalls); // a: 2 + 1, b: 1
        Assert.Equal(["one", "three", "two"], Queries(a.UserId));
        Assert.Equal(["four"], Queries(b.UserId));
        Assert.All(_activities.Activities.Values, v => Assert.Equal((SearchHistory.ActivityType, Start), (v.ActivityType, v.OccurredAt)));
    }

    [Fact]
    public async Task With_batching_off_the_search_is_written_at_once()
    {
        var pending = new PendingSearches(_activities, Options(new SearchHistoryOptions { Batched = false }));

        await SearchAsync(History(pending), Caller(), "now");

        Assert.Single(_activities.Activities);
        Assert.Equal(0, pending.Count);
    }

    [Fact]
    public async Task A_failed_flush_puts_back_what_it_did_not_write_and_the_next_one_writes_it()
    {
        var store = new Mock<IActivityStore>();
        var calls = 0;
        store.Setup(s => s.AddAsync(It.IsAny<string>(), It.IsAny<IReadOnlyList<UserActivity>>(), It.IsAny<CancellationToken>()))
            .Returns<string, IReadOnlyList<UserActivity>, CancellationToken>((user, list, ct) =>
                ++calls == 2 ? throw new IOException("store down") : _activities.AddAsync(user, list, ct));
        var pending = Pending(store.Object, batchSize: 1);
        var history = History(pending);
        var caller = Caller();
        foreach (var query in new[] { "one", "two", "three" })
        {
            await SearchAsync(history, caller, query);
        }

        await Assert.ThrowsAsync<IOException>(() => pending.FlushAsync(CancellationToken.None));

        Assert.Equal(["one"], Queries(caller.UserId));
        Assert.Equal(2, pending.Count);
        Assert.Equal(2, await pending.FlushAsync(CancellationToken.None));
        Assert.Equal(["one", "three", "two"], Queries(caller.UserId));
    }

    [Fact]
    public async Task It_is_full_at_max_pending_and_not_after_a_flush()
    {
        var pending = Pending(maxPending: 2);
        var history = History(pending);
        var caller = Caller();

        await SearchAsync(history, caller, "one");
        Assert.False(pending.WhenFull.IsCompleted);
        await SearchAsync(history, caller, "two");
        Assert.True(pending.WhenFull.IsCompleted);

        await pending.FlushAsync(CancellationToken.None);
        Assert.False(pending.WhenFull.IsCompleted);
    }

    [Fact]
    public async Task An_erasure_drops_the_persons_waiting_searches_before_erasing_and_keeps_the_others()
    {
        var pending = Pending();
        var history = History(pending);
        var (erased, other) = (Caller(), Caller());
        await SearchAsync(history, erased, "mine");
        await SearchAsync(history, other, "theirs");
        var eraser = new Mock<IUserDataEraser>();
        var waitingAtErase = -1;
        eraser.Setup(e => e.EraseAsync(erased.UserId, It.IsAny<CancellationToken>()))
            .Callback(() => waitingAtErase = pending.Count)
            .Returns(Task.CompletedTask);
        var service = new AccountErasureService(_privacy, eraser.Object, Options(new PrivacyOptions()), _clock, NullLogger<AccountErasureService>.Instance, searches: pending);

        await service.EraseAsync(erased.UserId, CancellationToken.None);
        await pending.FlushAsync(CancellationToken.None);

        Assert.Equal(1, waitingAtErase);
        Assert.Empty(Queries(erased.UserId));
        Assert.Equal(["theirs"], Queries(other.UserId));
    }

    [Fact]
    public async Task An_export_flushes_the_persons_searches_when_asked_and_again_when_it_runs()
    {
        var pending = Pending();
        var history = History(pending);
        var user = new User { Id = Ids.New(), Email = "a@example.com", NormalizedEmail = "a@example.com", PasswordHash = "h", Role = Roles.User, CreatedAt = Start, UpdatedAt = Start, ETag = ETags.New() };
        _users.Users[user.Id] = user;
        var caller = new AuthenticatedUser(user.Id, Roles.User, Ids.New());
        var other = Caller();
        var tags = new Mock<ITagStore>();
        tags.Setup(t => t.ListAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        var blobs = new InMemoryBlobStore();
        var export = new ExportService(_users, _privacy, new InMemoryKnowledgeStore(), tags.Object, _activities, new InMemoryUploadStore(), blobs, new InMemoryAuditLog(),
            Options(new PrivacyOptions()), _clock, NullLogger<ExportService>.Instance, searches: pending);

        await SearchAsync(history, caller, "before asking");
        await SearchAsync(history, other, "someone else");
        var job = await export.RequestAsync(caller, null, CancellationToken.None);
        Assert.Equal(["before asking"], Queries(caller.UserId));
        Assert.Equal(1, pending.Count); // the other person's search still waits

        await SearchAsync(history, caller, "while queued");
        await export.ProcessRequestAsync(PrivacyPaths.ExportRequestPath(caller.UserId, job.Id), CancellationToken.None);

        var (content, _) = await export.OpenDownloadAsync(caller, job.Id, null, CancellationToken.None);
        using var zip = new ZipArchive(content, ZipArchiveMode.Read);
        var json = await new StreamReader(zip.GetEntry("activities.json")!.Open()).ReadToEndAsync();
        Assert.Contains("before asking", json, StringComparison.Ordinal);
        Assert.Contains("while queued", json, StringComparison.Ordinal);
        Assert.DoesNotContain("someone else", json, StringComparison.Ordinal);
    }

    private List<string> Queries(string userId) =>
        _activities.Activities.Values
            .Where(a => a.UserId == userId)
            .Select(a => System.Text.Json.JsonDocument.Parse(a.MetadataJson!).RootElement.GetProperty("query").GetString()!)
            .Order(StringComparer.Ordinal)
            .ToList();
}
