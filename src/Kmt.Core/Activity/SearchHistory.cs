using System.Text.Json;
using Kmt.Core.Common;
using Kmt.Core.Privacy;

namespace Kmt.Core.Activity;

/// <summary>
/// Searches as activity (type "search", metadata.query): what a person searches for says what they
/// will need next (docs/api.md, "Activity"). Recorded for searches through the API and imported ones,
/// only with the activity_tracking consent; without it the search still runs and nothing is kept.
/// The consent is read when the search is made; the activity then waits in <see cref="PendingSearches"/>
/// for the background flusher (docs/design/storage.md, "Search history"), or is written at once without it
/// or with Kmt:SearchHistory:Batched off.
/// </summary>
public sealed class SearchHistory(IActivityStore activities, ConsentService consents, TimeProvider timeProvider, PendingSearches? pending = null)
{
    public const string ActivityType = "search";

    /// <summary>Records a search made now through the API; false when the person's consent says not to.</summary>
    public async Task<bool> RecordAsync(string userId, string query, long results, CancellationToken cancellationToken)
    {
        if (!await consents.IsGrantedAsync(userId, ConsentPurposes.ActivityTracking, cancellationToken))
        {
            return false;
        }

        var now = timeProvider.GetUtcNow();
        var metadata = JsonSerializer.Serialize(new Dictionary<string, object> { ["query"] = query, ["results"] = results });
        var activity = Create(Ids.New(), userId, now, now, metadata);
        if (pending is { IsBatched: true })
        {
            pending.Add(activity);
        }
        else
        {
            await activities.AddAsync(userId, [activity], cancellationToken);
        }

        return true;
    }

    /// <summary>A search activity; the caller has checked consent.</summary>
    public static UserActivity Create(string id, string userId, DateTimeOffset occurredAt, DateTimeOffset receivedAt, string metadataJson) => new()
    {
        Id = id,
        UserId = userId,
        ActivityType = ActivityType,
        MetadataJson = metadataJson,
        OccurredAt = occurredAt,
        CreatedAt = receivedAt,
    };
}
