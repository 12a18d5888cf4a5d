using Kmt.Core.Activity;
using Kmt.Core.Privacy;
using Kmt.Core.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;
using static Kmt.Core.Tests.Fakes.TestSupport;

namespace Kmt.Core.Tests.Privacy;

public class ActivityRetentionServiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 10, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Now);
    private readonly InMemoryActivityStore _activities = new();
    private readonly ActivityRetentionService _service;

    public ActivityRetentionServiceTests() =>
        _service = new ActivityRetentionService(_activities, Options(new PrivacyOptions { ActivityRetention = TimeSpan.FromDays(730), PageSize = 3 }), _clock);

    private void AddWithKey(string userId, string type, DateTimeOffset at)
    {
        var id = Guid.NewGuid().ToString();
        _activities.Activities[(userId, id)] = new UserActivity { Id = id, UserId = userId, ActivityType = type, OccurredAt = at, CreatedAt = at };
    }

    [Fact]
    public async Task Events_older_than_the_retention_are_folded_into_daily_counts_then_deleted_and_newer_ones_stay()
    {
        var cutoff = new DateTimeOffset(2024, 6, 10, 0, 0, 0, TimeSpan.Zero); // Now - 730 days, at midnight
        var oldDay = cutoff.AddDays(-10).AddHours(9);
        for (var i = 0; i < 5; i++)
        {
            AddWithKey("a", "page_view", oldDay.AddMinutes(i));
        }

        AddWithKey("a", "search", oldDay.AddHours(1));
        AddWithKey("a", "page_view", oldDay.AddDays(1));
        AddWithKey("b", "page_view", oldDay);
        AddWithKey("a", "page_view", cutoff.AddMinutes(1)); // inside the retention: kept
        AddWithKey("a", "page_view", cutoff.AddMinutes(-1)); // the day before the cut-off: folded

        var result = await _service.RunAsync(CancellationToken.None);

        Assert.Equal(cutoff, result.Cutoff);
        Assert.Equal(9, result.ActivitiesDeleted);
        var remaining = Assert.Single(_activities.Activities.Values);
        Assert.Equal(cutoff.AddMinutes(1), remaining.OccurredAt);

        var a = await _activities.ListDailyMetricsAsync("a", CancellationToken.None);
        Assert.Equal(3, a.Count);
        Assert.Equal(new DateOnly(2024, 5, 31), a[0].Day);
        Assert.Equal(5, a[0].Counts["page_view"]);
        Assert.Equal(1, a[0].Counts["search"]);
        Assert.Equal(1, a[1].Counts["page_view"]);
        Assert.Equal(new DateOnly(2024, 6, 9), a[2].Day);
        Assert.Equal(1, Assert.Single(await _activities.ListDailyMetricsAsync("b", CancellationToken.None)).Counts["page_view"]);

        // A second run has nothing to do.
        Assert.Equal(0, (await _service.RunAsync(CancellationToken.None)).ActivitiesDeleted);
    }

    [Fact]
    public async Task A_run_that_stops_after_folding_a_day_finishes_its_deletes_without_counting_twice()
    {
        var day = new DateTimeOffset(2024, 1, 3, 8, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 7; i++)
        {
            AddWithKey("a", "page_view", day.AddMinutes(i));
        }

        var calls = 0;
        _activities.BeforeDelete = () =>
        {
            if (++calls == 2)
            {
                throw new IOException("crash");
            }
        };
        await Assert.ThrowsAsync<IOException>(() => _service.RunAsync(CancellationToken.None));
        Assert.Equal(4, _activities.Activities.Count); // one page of 3 deleted, then the crash

        _activities.BeforeDelete = null;
        await _service.RunAsync(CancellationToken.None);

        Assert.Empty(_activities.Activities);
        Assert.Equal(7, Assert.Single(await _activities.ListDailyMetricsAsync("a", CancellationToken.None)).Counts["page_view"]);
    }

    [Fact]
    public async Task Time_moving_on_brings_events_into_the_retention_window()
    {
        AddWithKey("a", "page_view", Now.AddDays(-700));
        Assert.Equal(0, (await _service.RunAsync(CancellationToken.None)).ActivitiesDeleted);

        _clock.Advance(TimeSpan.FromDays(31));
        Assert.Equal(1, (await _service.RunAsync(CancellationToken.None)).ActivitiesDeleted);
    }
}
