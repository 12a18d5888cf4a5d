using Kmt.Core.Activity;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Privacy;

/// <summary>
/// Activity retention (docs/design/storage.md, "Privacy"): tracked events older than
/// <see cref="PrivacyOptions.ActivityRetention"/> are folded into daily counts per user and event type
/// (<see cref="DailyActivityMetrics"/>), then deleted. Reading sessions are kept (they are the
/// analytics' own record). Run by a timer trigger.
/// </summary>
/// <remarks>
/// The cut-off is a UTC midnight, so every day it touches is whole. A day is folded once: its counts
/// are written before any of its events is deleted, and a day that already has counts (a run that
/// stopped midway) only has its remaining events deleted, so a crash never counts an event twice.
/// Memory stays at one page of events plus one day's counts.
/// </remarks>
public sealed class ActivityRetentionService(IActivityStore activities, IOptions<PrivacyOptions> options, TimeProvider timeProvider)
{
    public async Task<RetentionResult> RunAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var cutoff = new DateTimeOffset((now - options.Value.ActivityRetention).UtcDateTime.Date, TimeSpan.Zero);
        var pageSize = Math.Max(1, options.Value.PageSize);
        var days = 0;
        var deleted = 0L;
        while (!cancellationToken.IsCancellationRequested)
        {
            var expired = await activities.ListExpiredAsync(cutoff, pageSize, cancellationToken);
            if (expired.Count == 0)
            {
                break;
            }

            foreach (var (userId, day) in expired.Select(a => (a.UserId, DateOnly.FromDateTime(a.OccurredAt.UtcDateTime))).Distinct())
            {
                deleted += await FoldDayAsync(userId, day, pageSize, now, cancellationToken);
                days++;
            }
        }

        return new RetentionResult(cutoff, days, deleted);
    }

    private async Task<long> FoldDayAsync(string userId, DateOnly day, int pageSize, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var from = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var to = from.AddDays(1);
        if (await activities.GetDailyMetricsAsync(userId, day, cancellationToken) is null)
        {
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            ActivityPosition? after = null;
            while (true)
            {
                var page = await activities.ListRangeAsync(userId, from, to, after, pageSize, cancellationToken);
                foreach (var activity in page)
                {
                    counts[activity.ActivityType] = counts.GetValueOrDefault(activity.ActivityType) + 1;
                }

                if (page.Count < pageSize)
                {
                    break;
                }

                after = new ActivityPosition(page[^1].OccurredAt, page[^1].Id);
            }

            await activities.UpsertDailyMetricsAsync(new DailyActivityMetrics { UserId = userId, Day = day, Counts = counts, CreatedAt = now }, cancellationToken);
        }

        var deleted = 0L;
        while (true)
        {
            // Always the first page: what was deleted is gone, so the walk needs no position.
            var page = await activities.ListRangeAsync(userId, from, to, null, pageSize, cancellationToken);
            if (page.Count == 0)
            {
                return deleted;
            }

            await activities.DeleteActivitiesAsync(userId, page.Select(a => a.Id).ToList(), cancellationToken);
            deleted += page.Count;
        }
    }
}
