namespace Kmt.Storage.Contracts;

/// <summary>IActivityStore: idempotent event ids per user, newest-first lists, reading sessions.</summary>
public abstract class ActivityStoreContract : StoreContract
{
    [Fact]
    public virtual async Task Add_is_idempotent_per_event_id_within_a_user()
    {
        var activities = Stores.Activities;
        var a = NewActivity(A, T0, "evt-1");
        var b = NewActivity(A, T0.AddMinutes(1), "evt-2");

        Assert.Equal(2, await activities.AddAsync(A, [a, b], Ct));
        Assert.Equal(1, await activities.AddAsync(A, [a, b, NewActivity(A, T0.AddMinutes(2), "evt-3")], Ct));
        Assert.Equal(0, await activities.AddAsync(A, [a], Ct));
        // The same id in another user's partition is a different event.
        Assert.Equal(1, await activities.AddAsync(B, [a with { UserId = B }], Ct));

        var list = await activities.ListAsync(A, null, 10, Ct);
        Assert.Equal(["evt-3", "evt-2", "evt-1"], list.Select(x => x.Id));
        Assert.Equal(a, list[2]);
        Assert.Single(await activities.ListAsync(B, null, 10, Ct));
    }

    [Fact]
    public virtual async Task List_filters_by_since_and_caps_with_take()
    {
        await Stores.Activities.AddAsync(A, Enumerable.Range(0, 5).Select(i => NewActivity(A, T0.AddHours(i), "e" + i)).ToList(), Ct);

        Assert.Equal(["e4", "e3", "e2"], (await Stores.Activities.ListAsync(A, T0.AddHours(2), 10, Ct)).Select(x => x.Id));
        Assert.Equal(["e4", "e3"], (await Stores.Activities.ListAsync(A, null, 2, Ct)).Select(x => x.Id));
        Assert.Empty(await Stores.Activities.ListAsync(B, null, 10, Ct));
    }

    [Fact]
    public virtual async Task Sessions_upsert_get_find_open_and_list()
    {
        var activities = Stores.Activities;
        var first = NewReadingSession(A, "item-1", T0);
        var second = NewReadingSession(A, "item-1", T0.AddHours(1));
        var otherItem = NewReadingSession(A, "item-2", T0.AddHours(2));
        await activities.UpsertSessionAsync(first, Ct);
        await activities.UpsertSessionAsync(second, Ct);
        await activities.UpsertSessionAsync(otherItem, Ct);

        Assert.Equal(second, await activities.FindOpenSessionAsync(A, "item-1", Ct));

        var finished = second with { EndTime = T0.AddHours(1.5), DurationSeconds = 1800, CompletionPercentage = 100, ReadingSpeedWpm = 230, UpdatedAt = T0.AddHours(1.5) };
        await activities.UpsertSessionAsync(finished, Ct);
        Assert.Equal(finished, await activities.GetSessionAsync(A, second.Id, Ct));
        Assert.Equal(first, await activities.FindOpenSessionAsync(A, "item-1", Ct));
        Assert.Null(await activities.FindOpenSessionAsync(A, "item-3", Ct));

        Assert.Equal([second.Id, first.Id], (await activities.ListSessionsAsync(A, "item-1", Ct)).Select(s => s.Id));
        Assert.Equal([otherItem.Id, second.Id, first.Id], (await activities.ListSessionsAsync(A, null, Ct)).Select(s => s.Id));

        Assert.Null(await activities.GetSessionAsync(B, first.Id, Ct));
        Assert.Null(await activities.FindOpenSessionAsync(B, "item-1", Ct));
        Assert.Empty(await activities.ListSessionsAsync(B, null, Ct));
    }
}
