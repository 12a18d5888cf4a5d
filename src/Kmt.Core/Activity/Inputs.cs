using System.Text.Json;

namespace Kmt.Core.Activity;

/// <summary>The body of POST analytics/track.</summary>
public sealed record TrackInput(IReadOnlyList<ActivityEventInput>? Events);

public sealed record ActivityEventInput(
    string? Id,
    string? ActivityType,
    string? EntityType,
    string? EntityId,
    int? DurationSeconds,
    JsonElement? Metadata,
    DateTimeOffset? OccurredAt);

/// <summary>What a track call did: events stored, events skipped as already received, sessions touched.</summary>
public sealed record TrackResult(int Accepted, int Duplicates, IReadOnlyList<ReadingSession> ReadingSessions);
