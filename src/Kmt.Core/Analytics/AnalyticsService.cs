using System.Text.Json;
using Kmt.Core.Accounts;
using Kmt.Core.Activity;
using Kmt.Core.Common;
using Kmt.Core.Knowledge;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Analytics;

/// <summary>
/// The analytics routes (docs/api.md, "Analytics") and the metrics job that feeds them: reads are
/// served from the stored hours and days only, so their cost follows the period, not the person's history.
/// </summary>
public sealed class AnalyticsService(
    ILearningMetricsStore metrics,
    IUserStore users,
    IKnowledgeStore items,
    IActivityStore activities,
    IOptions<KmtLimits> limits,
    TimeProvider timeProvider)
{
    public const string ExportPermission = "analytics:export";

    private const int PageSize = 500;

    public async Task<AnalyticsReport> GetReportAsync(AuthenticatedUser caller, AnalyticsQuery query, CancellationToken cancellationToken)
    {
        var user = await users.GetAsync(caller.UserId, cancellationToken);
        var period = AnalyticsPeriod.Parse(
            query.From, query.To, query.Granularity, query.TimeZone, PreferredZone(user?.PreferencesJson), timeProvider.GetUtcNow(), limits.Value.MaxAnalyticsSpanDays);

        // Whole UTC days inside one bucket and trend half come as day rows, the days a boundary cuts as hours.
        var plan = LearningMetricsReadPlan.For(period);
        var read = metrics.ReadAsync(caller.UserId, plan, cancellationToken);

        // Streaks look a year back: they read the compact day projection, not a year of hours. The two
        // reads are independent, so they go together.
        var (first, last) = AnalyticsAggregator.ActivityDaySpan(period);
        var activity = metrics.ListActivityAsync(caller.UserId, first, last, cancellationToken);
        await Task.WhenAll(read, activity);
        return AnalyticsAggregator.Aggregate(plan, await read, await activity);
    }

    /// <summary>The series as CSV (analytics:export, a premium permission); 403 for other roles.</summary>
    public async Task<string> ExportCsvAsync(AuthenticatedUser caller, AnalyticsQuery query, CancellationToken cancellationToken)
    {
        if (!caller.HasPermission(ExportPermission))
        {
            throw new KmtException(ErrorCode.Forbidden, "Exporting analytics needs a premium account.", new { permission = ExportPermission });
        }

        return AnalyticsCsv.Write(await GetReportAsync(caller, query, cancellationToken));
    }

    /// <summary>
    /// Recomputes the person's hours from <paramref name="since"/> on (null: their whole history) from
    /// the items, reading sessions, searches and the daily counts retention left behind.
    /// </summary>
    public async Task RefreshAsync(string userId, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var from = since is { } s ? LearningMetricsBuilder.HourOf(s) : DateTimeOffset.MinValue;
        var to = DateTimeOffset.MaxValue;
        var builder = new LearningMetricsBuilder(userId);

        KeysetPosition? after = null;
        do
        {
            var page = await items.ListAsync(
                new KnowledgeListQuery { UserId = userId, Take = PageSize, After = after, UpdatedSince = since is null ? null : from },
                cancellationToken);
            foreach (var item in page.Items.Where(i => i.CreatedAt >= from))
            {
                builder.AddItem(item);
            }

            after = page.Next;
        }
        while (after is not null);

        foreach (var session in await activities.ListSessionsAsync(userId, null, cancellationToken))
        {
            if (session.EndTime >= from)
            {
                builder.AddSession(session);
            }
        }

        ActivityPosition? position = null;
        while (true)
        {
            var events = await activities.ListRangeAsync(userId, from, timeProvider.GetUtcNow().AddDays(1), position, PageSize, cancellationToken);
            foreach (var e in events.Where(e => e.ActivityType == SearchHistory.ActivityType))
            {
                builder.AddSearch(e.OccurredAt);
            }

            if (events.Count < PageSize)
            {
                break;
            }

            position = new ActivityPosition(events[^1].OccurredAt, events[^1].Id);
        }

        foreach (var day in await activities.ListDailyMetricsAsync(userId, cancellationToken))
        {
            var start = new DateTimeOffset(day.Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            for (var i = 0; start >= from && i < day.Counts.GetValueOrDefault(SearchHistory.ActivityType); i++)
            {
                builder.AddSearch(start);
            }
        }

        await metrics.ReplaceRangeAsync(userId, from, to, builder.Build(), cancellationToken);
    }

    /// <summary>The metrics job: every active person, the last <paramref name="window"/> (null: everything). Returns how many people.</summary>
    public async Task<int> RefreshAllAsync(TimeSpan? window, CancellationToken cancellationToken)
    {
        var since = window is { } w ? timeProvider.GetUtcNow() - w : (DateTimeOffset?)null;
        var count = 0;
        string? after = null;
        while (true)
        {
            var ids = await users.ListActiveUserIdsAsync(after, PageSize, cancellationToken);
            foreach (var id in ids)
            {
                await RefreshAsync(id, since, cancellationToken);
                count++;
            }

            if (ids.Count < PageSize)
            {
                return count;
            }

            after = ids[^1];
        }
    }

    /// <summary>The "timezone" of the person's preferences, if any.</summary>
    private static string? PreferredZone(string? preferencesJson)
    {
        if (string.IsNullOrEmpty(preferencesJson))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(preferencesJson);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && (document.RootElement.TryGetProperty("timezone", out var zone) || document.RootElement.TryGetProperty("time_zone", out zone))
                && zone.ValueKind == JsonValueKind.String
                ? zone.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
