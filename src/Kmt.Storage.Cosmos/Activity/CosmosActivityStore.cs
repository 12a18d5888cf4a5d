using System.Globalization;
using Kmt.Core.Activity;
using Kmt.Storage.Cosmos.Documents;
using Microsoft.Azure.Cosmos;
using static Kmt.Storage.Cosmos.CosmosOperations;

namespace Kmt.Storage.Cosmos.Activity;

/// <summary>
/// Tracked events in container activities (deleted by the retention job after it folds them into daily
/// counts, which live in container privacy) and reading sessions in container
/// readingSessions, both partitioned by user. An event is created with its id: a 409 means the user
/// already has it, so retries are idempotent.
/// </summary>
public sealed class CosmosActivityStore(CosmosDatabase database) : IActivityStore
{
    public async Task<int> AddAsync(string userId, IReadOnlyList<UserActivity> activities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activities);
        if (activities.Count == 0)
        {
            return 0;
        }

        var container = await database.ContainerAsync(ContainerDefinitions.Activities, cancellationToken).ConfigureAwait(false);
        var added = 0;
        foreach (var activity in activities)
        {
            // The partition is the userId argument, whatever the event says.
            if (await TryCreateAsync(container, DocumentMapper.ToDocument(userId, activity), userId, cancellationToken).ConfigureAwait(false))
            {
                added++;
            }
        }

        return added;
    }

    /// <summary>The user's events that occurred at or after <paramref name="since"/>, newest first, at most <paramref name="take"/>.</summary>
    public async Task<IReadOnlyList<UserActivity>> ListAsync(string userId, DateTimeOffset? since, int take, CancellationToken cancellationToken)
    {
        var container = await database.ContainerAsync(ContainerDefinitions.Activities, cancellationToken).ConfigureAwait(false);
        var query = new QueryDefinition(
                "SELECT * FROM c WHERE c.userId = @u" + (since is null ? "" : " AND c.occurredAt >= @since") + " ORDER BY c.occurredAt DESC, c.id DESC")
            .WithParameter("@u", userId);
        if (since is { } s)
        {
            query = query.WithParameter("@since", CosmosJson.Time(s));
        }

        var documents = await QueryAsync<ActivityDocument>(container, query, userId, Math.Max(0, take), cancellationToken).ConfigureAwait(false);
        return documents.Select(DocumentMapper.ToActivity).ToList();
    }

    public async Task<IReadOnlyList<UserActivity>> ListRangeAsync(string userId, DateTimeOffset from, DateTimeOffset to, ActivityPosition? after, int take, CancellationToken cancellationToken)
    {
        var container = await database.ContainerAsync(ContainerDefinitions.Activities, cancellationToken).ConfigureAwait(false);
        var query = new QueryDefinition(
                "SELECT * FROM c WHERE c.userId = @u AND c.occurredAt >= @from AND c.occurredAt < @to"
                + (after is null ? "" : " AND (c.occurredAt > @at OR (c.occurredAt = @at AND c.id > @id))")
                + " ORDER BY c.occurredAt ASC, c.id ASC")
            .WithParameter("@u", userId).WithParameter("@from", CosmosJson.Time(from)).WithParameter("@to", CosmosJson.Time(to));
        if (after is not null)
        {
            query = query.WithParameter("@at", CosmosJson.Time(after.OccurredAt)).WithParameter("@id", after.Id);
        }

        var documents = await QueryAsync<ActivityDocument>(container, query, userId, Math.Max(0, take), cancellationToken).ConfigureAwait(false);
        return documents.Select(DocumentMapper.ToActivity).ToList();
    }

    /// <summary>The one query across partitions, for the retention job only (a timer, never a request).</summary>
    public async Task<IReadOnlyList<UserActivity>> ListExpiredAsync(DateTimeOffset before, int take, CancellationToken cancellationToken)
    {
        var results = new List<UserActivity>();
        if (take <= 0)
        {
            return results;
        }

        var container = await database.ContainerAsync(ContainerDefinitions.Activities, cancellationToken).ConfigureAwait(false);
        var query = new QueryDefinition("SELECT * FROM c WHERE c.occurredAt < @before").WithParameter("@before", CosmosJson.Time(before));
        using var iterator = container.GetItemQueryIterator<ActivityDocument>(query, requestOptions: new QueryRequestOptions { MaxItemCount = Math.Min(take, 1000) });
        while (iterator.HasMoreResults && results.Count < take)
        {
            foreach (var document in await iterator.ReadNextAsync(cancellationToken).ConfigureAwait(false))
            {
                results.Add(DocumentMapper.ToActivity(document));
            }
        }

        return results.Take(take).ToList();
    }

    public async Task DeleteActivitiesAsync(string userId, IReadOnlyCollection<string> activityIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activityIds);
        var container = await database.ContainerAsync(ContainerDefinitions.Activities, cancellationToken).ConfigureAwait(false);
        foreach (var id in activityIds)
        {
            await DeleteAsync(container, id, userId, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<DailyActivityMetrics?> GetDailyMetricsAsync(string userId, DateOnly day, CancellationToken cancellationToken)
    {
        var container = await database.ContainerAsync(ContainerDefinitions.Privacy, cancellationToken).ConfigureAwait(false);
        var document = await ReadAsync<DailyActivityDocument>(container, "day:" + Day(day), userId, cancellationToken).ConfigureAwait(false);
        return document is null ? null : FromDocument(document);
    }

    public async Task UpsertDailyMetricsAsync(DailyActivityMetrics metrics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var container = await database.ContainerAsync(ContainerDefinitions.Privacy, cancellationToken).ConfigureAwait(false);
        var document = new DailyActivityDocument
        {
            Id = "day:" + Day(metrics.Day),
            UserId = metrics.UserId,
            Day = Day(metrics.Day),
            Counts = metrics.Counts.ToDictionary(),
            CreatedAt = CosmosJson.Time(metrics.CreatedAt),
        };
        await UpsertAsync(container, document, metrics.UserId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<DailyActivityMetrics>> ListDailyMetricsAsync(string userId, CancellationToken cancellationToken)
    {
        var container = await database.ContainerAsync(ContainerDefinitions.Privacy, cancellationToken).ConfigureAwait(false);
        var query = new QueryDefinition("SELECT * FROM c WHERE c.userId = @u AND c.type = 'dailyActivity'").WithParameter("@u", userId);
        var documents = await QueryAsync<DailyActivityDocument>(container, query, userId, null, cancellationToken).ConfigureAwait(false);
        return documents.Select(FromDocument).OrderBy(m => m.Day).ToList();
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DailyActivityMetrics FromDocument(DailyActivityDocument d) => new()
    {
        UserId = d.UserId,
        Day = DateOnly.ParseExact(d.Day, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        Counts = d.Counts,
        CreatedAt = CosmosJson.ParseTime(d.CreatedAt),
    };

    public async Task<ReadingSession?> FindOpenSessionAsync(string userId, string knowledgeItemId, CancellationToken cancellationToken)
    {
        var sessions = await QuerySessionsAsync(userId, knowledgeItemId, openOnly: true, take: 1, cancellationToken).ConfigureAwait(false);
        return sessions.Count > 0 ? sessions[0] : null;
    }

    public async Task<ReadingSession?> GetSessionAsync(string userId, string sessionId, CancellationToken cancellationToken)
    {
        var container = await database.ContainerAsync(ContainerDefinitions.ReadingSessions, cancellationToken).ConfigureAwait(false);
        var document = await ReadAsync<ReadingSessionDocument>(container, sessionId, userId, cancellationToken).ConfigureAwait(false);
        return document is null ? null : DocumentMapper.ToReadingSession(document);
    }

    /// <summary>Creates or replaces the session; a replace keeps the stored createdAt.</summary>
    public async Task UpsertSessionAsync(ReadingSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var container = await database.ContainerAsync(ContainerDefinitions.ReadingSessions, cancellationToken).ConfigureAwait(false);
        var document = DocumentMapper.ToDocument(session);
        var existing = await ReadAsync<ReadingSessionDocument>(container, session.Id, session.UserId, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            document.CreatedAt = existing.CreatedAt;
        }

        await UpsertAsync(container, document, session.UserId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The user's sessions (of one item when given), latest start first.</summary>
    public Task<IReadOnlyList<ReadingSession>> ListSessionsAsync(string userId, string? knowledgeItemId, CancellationToken cancellationToken) =>
        QuerySessionsAsync(userId, knowledgeItemId, openOnly: false, take: null, cancellationToken);

    private async Task<IReadOnlyList<ReadingSession>> QuerySessionsAsync(string userId, string? itemId, bool openOnly, int? take, CancellationToken cancellationToken)
    {
        var container = await database.ContainerAsync(ContainerDefinitions.ReadingSessions, cancellationToken).ConfigureAwait(false);
        var text = "SELECT * FROM c WHERE c.userId = @u"
            + (itemId is null ? "" : " AND c.knowledgeItemId = @item")
            + (openOnly ? " AND c.isOpen = true" : "")
            + " ORDER BY c.startTime DESC, c.id DESC";
        var query = new QueryDefinition(text).WithParameter("@u", userId);
        if (itemId is not null)
        {
            query = query.WithParameter("@item", itemId);
        }

        var documents = await QueryAsync<ReadingSessionDocument>(container, query, userId, take, cancellationToken).ConfigureAwait(false);
        return documents.Select(DocumentMapper.ToReadingSession).ToList();
    }
}
