using Kmt.Core.Activity;

namespace Kmt.Storage.Contracts;

/// <summary>IActivityStore's retention and export reads: ranges in (occurred_at, id) order, expired events of any user, deletes, daily counts.</summary>
public abstract class ActivityRetentionContract : StoreContract
{
    private static UserActivity Event(string userId, string id, DateTimeOffset at, string type = "page_view") =>
        new() { Id = id, UserId = userId, ActivityType = type, OccurredAt = at, CreatedAt = at };

    [Fact]
    public virtual async Task A_range_is_walked_oldest_first_by_position()
    {
        await Stores.Activities.AddAsync(A, [Event(A, "e3", T0.AddMinutes(1)), Event(A, "e1", T0), Event(A, "e2", T0), Event(A, "e4", T0.AddDays(1))], Ct);
        await Stores.Activities.AddAsync(B, [Event(B, "b1", T0)], Ct);

        var page = await Stores.Activities.ListRangeAsync(A, T0, T0.AddDays(1), null, 2, Ct);
        Assert.Equal(["e1", "e2"], page.Select(a => a.Id));
        var next = await Stores.Activities.ListRangeAsync(A, T0, T0.AddDays(1), new ActivityPosition(page[^1].OccurredAt, page[^1].Id), 2, Ct);
        Assert.Equal(["e3"], next.Select(a => a.Id));
        Assert.Equal(4, (await Stores.Activities.ListRangeAsync(A, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, null, 10, Ct)).Count);
    }

    [Fact]
    public virtual async Task Expired_events_of_every_user_are_found_and_deleted_by_id()
    {
        var old = T0.AddYears(-30);
        await Stores.Activities.AddAsync(A, [Event(A, "old-a", old), Event(A, "new-a", T0)], Ct);
        await Stores.Activities.AddAsync(B, [Event(B, "old-b", old.AddHours(1))], Ct);

        var expired = (await Stores.Activities.ListExpiredAsync(old.AddDays(1), 1000, Ct)).Where(a => a.UserId == A || a.UserId == B).ToList();
        Assert.Equal(["old-a", "old-b"], expired.Select(a => a.Id).Order(StringComparer.Ordinal));

        await Stores.Activities.DeleteActivitiesAsync(A, ["old-a", "missing"], Ct);
        await Stores.Activities.DeleteActivitiesAsync(B, ["old-a"], Ct); // another user's id: nothing
        Assert.Equal(["new-a"], (await Stores.Activities.ListAsync(A, null, 10, Ct)).Select(a => a.Id));
        Assert.Single(await Stores.Activities.ListAsync(B, null, 10, Ct));
    }

    [Fact]
    public virtual async Task Daily_counts_round_trip_per_user_and_day()
    {
        var day = new DateOnly(2023, 3, 4);
        Assert.Null(await Stores.Activities.GetDailyMetricsAsync(A, day, Ct));
        await Stores.Activities.UpsertDailyMetricsAsync(new DailyActivityMetrics { UserId = A, Day = day, Counts = new Dictionary<string, long> { ["page_view"] = 5, ["search"] = 1 }, CreatedAt = T0 }, Ct);
        await Stores.Activities.UpsertDailyMetricsAsync(new DailyActivityMetrics { UserId = A, Day = day.AddDays(-1), Counts = new Dictionary<string, long> { ["search"] = 2 }, CreatedAt = T0 }, Ct);

        var read = await Stores.Activities.GetDailyMetricsAsync(A, day, Ct);
        Assert.Equal(5, read!.Counts["page_view"]);
        Assert.Null(await Stores.Activities.GetDailyMetricsAsync(B, day, Ct));
        Assert.Equal([day.AddDays(-1), day], (await Stores.Activities.ListDailyMetricsAsync(A, Ct)).Select(m => m.Day));
        Assert.Empty(await Stores.Activities.ListDailyMetricsAsync(B, Ct));
    }
}
