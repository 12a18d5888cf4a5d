using Kmt.Core.Activity;
using Kmt.Core.Common;

namespace Kmt.Storage.Embedded.Tests;

public sealed class ActivityStoreTests : TestDatabase
{
    private const string User = "user-a";

    public static UserActivity NewActivity(string user, DateTimeOffset at, string? id = null) => new()
    {
        Id = id ?? Ids.New(),
        UserId = user,
        ActivityType = "item_viewed",
        EntityType = "knowledge_item",
        EntityId = "item-1",
        DurationSeconds = 12,
        MetadataJson = """{"k":"v"}""",
        OccurredAt = at,
        CreatedAt = at.AddSeconds(1),
    };

    public static ReadingSession NewSession(string user, string itemId, DateTimeOffset start) => new()
    {
        Id = Ids.New(),
        UserId = user,
        KnowledgeItemId = itemId,
        StartTime = start,
        CompletionPercentage = 0,
        CreatedAt = start,
        UpdatedAt = start,
    };

    [Fact]
    public async Task Add_is_idempotent_per_event_id()
    {
        var a = NewActivity(User, T0, "evt-1");
        var b = NewActivity(User, T0.AddMinutes(1), "evt-2");

        Assert.Equal(2, await Activities.AddAsync(User, [a, b], Ct));
        Assert.Equal(1, await Activities.AddAsync(User, [a, b, NewActivity(User, T0.AddMinutes(2), "evt-3")], Ct));
        Assert.Equal(0, await Activities.AddAsync(User, [a], Ct));
        // The same id in another user's partition is a different event.
        Assert.Equal(1, await Activities.AddAsync("user-b", [a with { UserId = "user-b" }], Ct));

        var list = await Activities.ListAsync(User, null, 10, Ct);
        Assert.Equal(["evt-3", "evt-2", "evt-1"], list.Select(x => x.Id));
        Assert.Equal(a, list[2]);
    }

    [Fact]
    public async Task List_filters_by_since_and_caps_with_take()
    {
        await Activities.AddAsync(User, Enumerable.Range(0, 5).Select(i => NewActivity(User, T0.AddHours(i), "e" + i)).ToList(), Ct);

        Assert.Equal(["e4", "e3", "e2"], (await Activities.ListAsync(User, T0.AddHours(2), 10, Ct)).Select(x => x.Id));
        Assert.Equal(["e4", "e3"], (await Activities.ListAsync(User, null, 2, Ct)).Select(x => x.Id));
    }

    [Fact]
    public async Task Sessions_upsert_get_find_open_and_list()
    {
        var first = NewSession(User, "item-1", T0);
        var second = NewSession(User, "item-1", T0.AddHours(1));
        var otherItem = NewSession(User, "item-2", T0.AddHours(2));
        await Activities.UpsertSessionAsync(first, Ct);
        await Activities.UpsertSessionAsync(second, Ct);
        await Activities.UpsertSessionAsync(otherItem, Ct);

        Assert.Equal(second, await Activities.FindOpenSessionAsync(User, "item-1", Ct));

        var finished = second with { EndTime = T0.AddHours(1.5), DurationSeconds = 1800, CompletionPercentage = 100, ReadingSpeedWpm = 230, UpdatedAt = T0.AddHours(1.5) };
        await Activities.UpsertSessionAsync(finished, Ct);
        Assert.Equal(finished, await Activities.GetSessionAsync(User, second.Id, Ct));
        Assert.Equal(first, await Activities.FindOpenSessionAsync(User, "item-1", Ct));
        Assert.Null(await Activities.FindOpenSessionAsync(User, "item-3", Ct));

        Assert.Equal([second.Id, first.Id], (await Activities.ListSessionsAsync(User, "item-1", Ct)).Select(s => s.Id));
        Assert.Equal([otherItem.Id, second.Id, first.Id], (await Activities.ListSessionsAsync(User, null, Ct)).Select(s => s.Id));
    }
}
