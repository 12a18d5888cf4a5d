using Kmt.Core.Analytics;
using Kmt.Storage.Cosmos.Documents;
using Microsoft.Azure.Cosmos;
using static Kmt.Storage.Cosmos.CosmosOperations;

namespace Kmt.Storage.Cosmos.Analytics;

/// <summary>
/// learning_metrics in container insights (partition /userId, type "learningHour", one document per
/// person and UTC hour). A replace upserts the new hours and deletes the range's others, so a reader
/// never finds the range empty midway. The streaks' day projection lives beside them, one
/// "learningActivity" document per person and UTC month, updated after the hours; so do the day rows, one
/// "learningDay" document per person and UTC day rebuilt for every day a replace touches. Hours written
/// before day documents existed have none: reads take hours only until a replace of the whole history
/// (the 03:00 job) has built them all and left the "learningDaysReady" marker.
/// </summary>
public sealed class CosmosLearningMetricsStore(CosmosDatabase database) : ILearningMetricsStore
{
    public async Task ReplaceRangeAsync(string userId, DateTimeOffset fromUtc, DateTimeOffset toUtc, IReadOnlyList<LearningMetricsHour> hours, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hours);
        var container = await database.ContainerAsync(ContainerDefinitions.Insights, cancellationToken).ConfigureAwait(false);
        var existing = await QueryRangeAsync(container, userId, fromUtc, toUtc, cancellationToken).ConfigureAwait(false);
        var kept = new HashSet<string>(StringComparer.Ordinal);
        foreach (var hour in hours)
        {
            if (hour.Hour < fromUtc || hour.Hour >= toUtc)
            {
                throw new ArgumentException($"Hour {hour.Hour:O} is outside the range being replaced.", nameof(hours));
            }

            var document = ToDocument(userId, hour);
            kept.Add(document.Id);
            await UpsertAsync(container, document, userId, cancellationToken).ConfigureAwait(false);
        }

        foreach (var stale in existing.Where(d => !kept.Contains(d.Id)))
        {
            await DeleteAsync(container, stale.Id, userId, cancellationToken).ConfigureAwait(false);
        }

        await ReplaceActivityAsync(container, userId, fromUtc, toUtc, hours, cancellationToken).ConfigureAwait(false);
        await ReplaceDaysAsync(container, userId, fromUtc, toUtc, hours, cancellationToken).ConfigureAwait(false);
    }

    public async Task<LearningMetricsRead> ReadAsync(string userId, LearningMetricsReadPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var container = await database.ContainerAsync(ContainerDefinitions.Insights, cancellationToken).ConfigureAwait(false);
        if (plan.WholeDays.Count == 0 || await ReadAsync<LearningDaysReadyDocument>(container, LearningDaysReadyDocument.ReadyId, userId, cancellationToken).ConfigureAwait(false) is null)
        {
            var all = await QueryRangeAsync(container, userId, plan.StartUtc, plan.EndUtc, cancellationToken).ConfigureAwait(false);
            return new LearningMetricsRead([], all.OrderBy(d => d.Hour).Select(FromDocument).ToList());
        }

        var days = await QueryDaysAsync(container, userId, plan.WholeDays[0], plan.WholeDays[^1], cancellationToken).ConfigureAwait(false);
        var hours = new List<LearningHourDocument>();
        foreach (var chunk in plan.HourRanges.Chunk(RangesPerQuery))
        {
            hours.AddRange(await QueryRangesAsync(container, userId, chunk, cancellationToken).ConfigureAwait(false));
        }

        return new LearningMetricsRead(
            days.Select(d => FromDocument(userId, d)).Where(d => plan.IsWholeDay(d.Day)).OrderBy(d => d.Day).ToList(),
            hours.OrderBy(d => d.Hour).Select(FromDocument).ToList());
    }

    /// <summary>Hour ranges per query: one query of OR-ed ranges rather than a round trip per cut day.</summary>
    private const int RangesPerQuery = 40;

    private static async Task ReplaceDaysAsync(Container container, string userId, DateTimeOffset fromUtc, DateTimeOffset toUtc, IReadOnlyList<LearningMetricsHour> hours, CancellationToken cancellationToken)
    {
        var edges = new List<LearningMetricsHour>();
        foreach (var (from, to) in LearningMetricsDays.EdgeRanges(fromUtc, toUtc))
        {
            edges.AddRange((await QueryRangeAsync(container, userId, from, to, cancellationToken).ConfigureAwait(false)).Select(FromDocument));
        }

        var (first, last) = LearningActivityDays.DaySpan(fromUtc, toUtc);
        var stored = await QueryDaysAsync(container, userId, first, last, cancellationToken).ConfigureAwait(false);
        var kept = new HashSet<string>(StringComparer.Ordinal);
        foreach (var day in LearningMetricsDays.Replace(userId, fromUtc, toUtc, edges, hours))
        {
            var document = ToDocument(day);
            kept.Add(document.Id);
            await UpsertAsync(container, document, userId, cancellationToken).ConfigureAwait(false);
        }

        foreach (var stale in stored.Where(d => !kept.Contains(d.Id)))
        {
            await DeleteAsync(container, stale.Id, userId, cancellationToken).ConfigureAwait(false);
        }

        if (fromUtc == DateTimeOffset.MinValue && toUtc == DateTimeOffset.MaxValue)
        {
            await UpsertAsync(container, new LearningDaysReadyDocument { Id = LearningDaysReadyDocument.ReadyId, UserId = userId, BuiltAt = DateTimeOffset.UtcNow }, userId, cancellationToken).ConfigureAwait(false);
        }
    }

    private static Task<List<LearningDayDocument>> QueryDaysAsync(Container container, string userId, DateOnly first, DateOnly last, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.userId = @u AND c.type = @type AND c.day >= @from AND c.day <= @to")
            .WithParameter("@u", userId)
            .WithParameter("@type", LearningDayDocument.DayType)
            .WithParameter("@from", LearningDayDocument.DayNumber(first))
            .WithParameter("@to", LearningDayDocument.DayNumber(last));
        return QueryAsync<LearningDayDocument>(container, query, userId, null, cancellationToken);
    }

    private static Task<List<LearningHourDocument>> QueryRangesAsync(
        Container container, string userId, IReadOnlyList<(DateTimeOffset FromUtc, DateTimeOffset ToUtc)> ranges, CancellationToken cancellationToken)
    {
        var clauses = ranges.Select((_, i) => $"(c.hour >= @f{i} AND c.hour < @t{i})");
        var query = new QueryDefinition($"SELECT * FROM c WHERE c.userId = @u AND c.type = 'learningHour' AND ({string.Join(" OR ", clauses)})")
            .WithParameter("@u", userId);
        for (var i = 0; i < ranges.Count; i++)
        {
            query = query.WithParameter($"@f{i}", ranges[i].FromUtc.ToUnixTimeSeconds()).WithParameter($"@t{i}", ranges[i].ToUtc.ToUnixTimeSeconds());
        }

        return QueryAsync<LearningHourDocument>(container, query, userId, null, cancellationToken);
    }

    private static LearningDayDocument ToDocument(LearningMetricsDay d) => new()
    {
        Id = LearningDayDocument.IdFor(d.Day),
        UserId = d.UserId,
        Day = LearningDayDocument.DayNumber(d.Day),
        ItemsCaptured = d.ItemsCaptured,
        ItemsRead = d.ItemsRead,
        ItemsCompleted = d.ItemsCompleted,
        ReadingSeconds = d.ReadingSeconds,
        WordsRead = d.WordsRead,
        SecondsWithWords = d.ReadingSecondsWithWords,
        Searches = d.Searches,
        HourReads = d.HourReads.Select(r => new double[] { r.Hour, r.Count, r.CompletionSum }).ToArray(),
        ContentTypes = d.ContentTypes.ToDictionary(),
        Sources = d.Sources.ToDictionary(),
        Tags = d.Tags.ToDictionary(),
    };

    private static LearningMetricsDay FromDocument(string userId, LearningDayDocument d) => new()
    {
        UserId = userId,
        Day = LearningDayDocument.DateOf(d.Day),
        ItemsCaptured = d.ItemsCaptured,
        ItemsRead = d.ItemsRead,
        ItemsCompleted = d.ItemsCompleted,
        ReadingSeconds = d.ReadingSeconds,
        WordsRead = d.WordsRead,
        ReadingSecondsWithWords = d.SecondsWithWords,
        Searches = d.Searches,
        HourReads = d.HourReads.Select(r => new LearningHourReads((int)r[0], (int)r[1], r[2])).ToArray(),
        ContentTypes = d.ContentTypes,
        Sources = d.Sources,
        Tags = d.Tags,
    };

    public async Task<IReadOnlyList<LearningActivityDay>> ListActivityAsync(string userId, DateOnly firstUtcDay, DateOnly lastUtcDay, CancellationToken cancellationToken)
    {
        var container = await database.ContainerAsync(ContainerDefinitions.Insights, cancellationToken).ConfigureAwait(false);
        var months = await QueryMonthsAsync(container, userId, firstUtcDay, lastUtcDay, cancellationToken).ConfigureAwait(false);
        return Days(months).Where(d => d.Day >= firstUtcDay && d.Day <= lastUtcDay).OrderBy(d => d.Day).ToList();
    }

    private static async Task ReplaceActivityAsync(Container container, string userId, DateTimeOffset fromUtc, DateTimeOffset toUtc, IReadOnlyList<LearningMetricsHour> hours, CancellationToken cancellationToken)
    {
        var (first, last) = LearningActivityDays.DaySpan(fromUtc, toUtc);
        var months = (await QueryMonthsAsync(container, userId, first, last, cancellationToken).ConfigureAwait(false))
            .ToDictionary(m => m.Month);
        var changed = LearningActivityDays.Replace(Days(months.Values), fromUtc, toUtc, hours);
        foreach (var group in changed.GroupBy(d => LearningActivityDocument.MonthOf(d.Day)))
        {
            if (!months.TryGetValue(group.Key, out var document))
            {
                document = new LearningActivityDocument { Id = LearningActivityDocument.IdFor(group.Key), UserId = userId, Month = group.Key };
            }

            foreach (var day in group)
            {
                document.Masks[day.Day.Day - 1] = day.HourMask;
            }

            document.SystemETag = null;
            if (document.Masks.All(m => m == 0))
            {
                await DeleteAsync(container, document.Id, userId, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await UpsertAsync(container, document, userId, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static Task<List<LearningActivityDocument>> QueryMonthsAsync(Container container, string userId, DateOnly first, DateOnly last, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.userId = @u AND c.type = @type AND c.month >= @from AND c.month <= @to")
            .WithParameter("@u", userId)
            .WithParameter("@type", LearningActivityDocument.ActivityType)
            .WithParameter("@from", LearningActivityDocument.MonthOf(first))
            .WithParameter("@to", LearningActivityDocument.MonthOf(last));
        return QueryAsync<LearningActivityDocument>(container, query, userId, null, cancellationToken);
    }

    private static IEnumerable<LearningActivityDay> Days(IEnumerable<LearningActivityDocument> months)
    {
        foreach (var month in months)
        {
            var year = month.Month / 12;
            var number = (month.Month % 12) + 1;
            for (var day = 1; day <= Math.Min(DateTime.DaysInMonth(year, number), month.Masks.Length); day++)
            {
                if (month.Masks[day - 1] != 0)
                {
                    yield return new LearningActivityDay(new DateOnly(year, number, day), month.Masks[day - 1]);
                }
            }
        }
    }

    public async Task<IReadOnlyList<LearningMetricsHour>> ListAsync(string userId, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken)
    {
        var container = await database.ContainerAsync(ContainerDefinitions.Insights, cancellationToken).ConfigureAwait(false);
        var documents = await QueryRangeAsync(container, userId, fromUtc, toUtc, cancellationToken).ConfigureAwait(false);

        // Sorted here rather than with ORDER BY: a single-partition range read needs no composite index.
        return documents.OrderBy(d => d.Hour).Select(FromDocument).ToList();
    }

    private static Task<List<LearningHourDocument>> QueryRangeAsync(Container container, string userId, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.userId = @u AND c.type = 'learningHour' AND c.hour >= @from AND c.hour < @to")
            .WithParameter("@u", userId)
            .WithParameter("@from", fromUtc.ToUnixTimeSeconds())
            .WithParameter("@to", toUtc.ToUnixTimeSeconds());
        return QueryAsync<LearningHourDocument>(container, query, userId, null, cancellationToken);
    }

    private static LearningHourDocument ToDocument(string userId, LearningMetricsHour h) => new()
    {
        Id = "lm:" + h.Hour.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        UserId = userId,
        Hour = h.Hour.ToUnixTimeSeconds(),
        ItemsCaptured = h.ItemsCaptured,
        ItemsRead = h.ItemsRead,
        ItemsCompleted = h.ItemsCompleted,
        ReadingSeconds = h.ReadingSeconds,
        WordsRead = h.WordsRead,
        CompletionSum = h.CompletionSum,
        Searches = h.Searches,
        ContentTypes = h.ContentTypes.ToDictionary(),
        Sources = h.Sources.ToDictionary(),
        Tags = h.Tags.ToDictionary(),
    };

    private static LearningMetricsHour FromDocument(LearningHourDocument d) => new()
    {
        UserId = d.UserId,
        Hour = DateTimeOffset.FromUnixTimeSeconds(d.Hour),
        ItemsCaptured = d.ItemsCaptured,
        ItemsRead = d.ItemsRead,
        ItemsCompleted = d.ItemsCompleted,
        ReadingSeconds = d.ReadingSeconds,
        WordsRead = d.WordsRead,
        CompletionSum = d.CompletionSum,
        Searches = d.Searches,
        ContentTypes = d.ContentTypes,
        Sources = d.Sources,
        Tags = d.Tags,
    };
}
