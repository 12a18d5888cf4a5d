using System.Text.Json;
using System.Text.RegularExpressions;
using Kmt.Core.Common;
using Kmt.Core.Knowledge;

namespace Kmt.Core.Activity;

/// <summary>One event after validation, with what a reading event needs to update its session.</summary>
internal sealed record ValidTrackEvent(int Index, UserActivity Activity, ReadingDetails? Reading);

/// <summary>
/// For reading_* events: the item read (the caller's own, live), and the optional metadata fields
/// completion_percentage (0..100) and session_id (to address a session explicitly).
/// </summary>
internal sealed record ReadingDetails(KnowledgeItem Item, double? CompletionPercentage, string? SessionId);

/// <summary>The rules of POST analytics/track: the whole batch is checked before anything is stored.</summary>
internal sealed partial class TrackEventValidator(IKnowledgeStore items, KmtLimits limits)
{
    public const int ActivityTypeMaxLength = 50;
    public const int EntityTypeMaxLength = 50;
    public const int EntityIdMaxLength = 100;
    public const int MaxDurationSeconds = 7 * 24 * 60 * 60;
    public const string KnowledgeItemEntityType = "knowledge_item";

    /// <summary>Client clocks drift; more than this ahead of ours is a bug, not drift.</summary>
    public static readonly TimeSpan MaxFutureSkew = TimeSpan.FromMinutes(5);

    private static readonly HashSet<string> ReadingTypes =
        new(StringComparer.Ordinal) { ReadingActivityTypes.Started, ReadingActivityTypes.Progress, ReadingActivityTypes.Finished };

    // Per batch: a client reporting a reading session sends several events about the same item.
    private readonly Dictionary<string, KnowledgeItem?> _itemCache = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<ValidTrackEvent>> ValidateAsync(string userId, TrackInput input, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Events is null || input.Events.Count == 0)
        {
            throw new ValidationException("events", "events is required: send at least one event.");
        }

        if (input.Events.Count > limits.MaxTrackEvents)
        {
            throw new ValidationException("events", $"Send at most {limits.MaxTrackEvents} events per request (got {input.Events.Count}).");
        }

        var validation = new Validation();
        var seenIds = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var events = new List<ValidTrackEvent>(input.Events.Count);
        for (var i = 0; i < input.Events.Count; i++)
        {
            var valid = await ValidateEventAsync(userId, i, input.Events[i], now, seenIds, validation, cancellationToken);
            if (valid is not null)
            {
                events.Add(valid);
            }
        }

        validation.ThrowIfInvalid();
        return events;
    }

    public static bool IsReading(string activityType) => ReadingTypes.Contains(activityType);

    private async Task<ValidTrackEvent?> ValidateEventAsync(
        string userId, int index, ActivityEventInput? input, DateTimeOffset now, HashSet<string> seenIds, Validation validation, CancellationToken cancellationToken)
    {
        var prefix = $"events[{index}]";
        if (input is null)
        {
            validation.Add(prefix, "Each event must be an object.");
            return null;
        }

        var ok = true;
        void Fail(string field, string reason)
        {
            validation.Add($"{prefix}.{field}", reason);
            ok = false;
        }

        var id = input.Id?.Trim();
        if (string.IsNullOrEmpty(id))
        {
            id = Ids.New();
        }
        else if (!Ids.IsWellFormed(id))
        {
            Fail("id", "id must be a UUID (e.g. 0190a3f4-7b1c-7d2e-8f3a-1b2c3d4e5f60).");
        }
        else if (!seenIds.Add(id))
        {
            Fail("id", "This id appears more than once in the batch.");
        }
        else
        {
            id = id.ToLowerInvariant();
        }

        var activityType = input.ActivityType?.Trim();
        if (string.IsNullOrEmpty(activityType))
        {
            Fail("activity_type", "activity_type is required.");
        }
        else if (activityType.Length > ActivityTypeMaxLength || !ActivityTypePattern().IsMatch(activityType))
        {
            Fail("activity_type", $"activity_type must be 1 to {ActivityTypeMaxLength} characters of a-z, 0-9 and _.");
        }

        var entityType = Optional(input.EntityType);
        if (entityType is { Length: > EntityTypeMaxLength })
        {
            Fail("entity_type", $"entity_type must be at most {EntityTypeMaxLength} characters.");
        }

        var entityId = Optional(input.EntityId);
        if (entityId is { Length: > EntityIdMaxLength })
        {
            Fail("entity_id", $"entity_id must be at most {EntityIdMaxLength} characters.");
        }

        if (input.DurationSeconds is < 0 or > MaxDurationSeconds)
        {
            Fail("duration_seconds", $"duration_seconds must be between 0 and {MaxDurationSeconds}.");
        }

        var occurredAt = input.OccurredAt ?? now;
        if (occurredAt > now + MaxFutureSkew)
        {
            Fail("occurred_at", "occurred_at cannot be more than 5 minutes in the future.");
        }

        var metadataErrors = new Validation();
        var metadata = JsonObjects.Validate(input.Metadata, limits.MetadataMaxBytes, $"{prefix}.metadata", metadataErrors);
        if (!metadataErrors.IsValid)
        {
            Fail("metadata", $"metadata must be a JSON object of at most {limits.MetadataMaxBytes} bytes.");
        }

        ReadingDetails? reading = null;
        if (activityType is not null && IsReading(activityType))
        {
            entityType ??= KnowledgeItemEntityType;
            var (details, readingOk) = await ValidateReadingAsync(userId, entityType, entityId, input.Metadata, Fail, cancellationToken);
            reading = details;
            ok &= readingOk;
        }

        if (!ok)
        {
            return null;
        }

        var activity = new UserActivity
        {
            Id = id,
            UserId = userId,
            ActivityType = activityType!,
            EntityType = entityType,
            EntityId = reading?.Item.Id ?? entityId,
            DurationSeconds = input.DurationSeconds,
            MetadataJson = metadata!,
            OccurredAt = occurredAt,
            CreatedAt = now,
        };
        return new ValidTrackEvent(index, activity, reading);
    }

    private async Task<(ReadingDetails? Details, bool Ok)> ValidateReadingAsync(
        string userId, string entityType, string? entityId, JsonElement? metadata, Action<string, string> fail, CancellationToken cancellationToken)
    {
        var ok = true;
        if (entityType != KnowledgeItemEntityType)
        {
            fail("entity_type", $"Reading events are about a knowledge item: entity_type must be {KnowledgeItemEntityType}.");
            ok = false;
        }

        var completion = default(double?);
        var sessionId = default(string);
        if (metadata is { ValueKind: JsonValueKind.Object } meta)
        {
            if (meta.TryGetProperty("completion_percentage", out var value) && value.ValueKind != JsonValueKind.Null)
            {
                if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var percent) && percent is >= 0 and <= 100)
                {
                    completion = percent;
                }
                else
                {
                    fail("metadata.completion_percentage", "completion_percentage must be a number from 0 to 100.");
                    ok = false;
                }
            }

            if (meta.TryGetProperty("session_id", out var session) && session.ValueKind != JsonValueKind.Null)
            {
                if (session.ValueKind == JsonValueKind.String && Ids.IsWellFormed(session.GetString()))
                {
                    sessionId = session.GetString()!.ToLowerInvariant();
                }
                else
                {
                    fail("metadata.session_id", "session_id must be the id of a reading session (a UUID).");
                    ok = false;
                }
            }
        }

        if (entityId is null)
        {
            fail("entity_id", "entity_id is required for reading events: the id of the item read.");
            return (null, false);
        }

        // Another user's item is "no item" too: its existence is not the caller's business.
        var item = await FindLiveItemAsync(userId, entityId, cancellationToken);
        if (item is null)
        {
            fail("entity_id", "No knowledge item with this id.");
            return (null, false);
        }

        return (new ReadingDetails(item, completion, sessionId), ok);
    }

    private async Task<KnowledgeItem?> FindLiveItemAsync(string userId, string itemId, CancellationToken cancellationToken)
    {
        if (!Ids.IsWellFormed(itemId))
        {
            return null;
        }

        var key = itemId.ToLowerInvariant();
        if (!_itemCache.TryGetValue(key, out var item))
        {
            item = await items.GetAsync(userId, key, cancellationToken);
            if (item is not null && (item.UserId != userId || item.DeletedAt is not null))
            {
                item = null;
            }

            _itemCache[key] = item;
        }

        return item;
    }

    private static string? Optional(string? value)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed;
    }

    [GeneratedRegex("^[a-z0-9_]+$")]
    private static partial Regex ActivityTypePattern();
}
