using Kmt.Core.Activity;

namespace Kmt.Functions.Apis.Model;

public sealed record ReadingSessionResponse(
    string Id,
    string KnowledgeItemId,
    DateTimeOffset StartTime,
    DateTimeOffset? EndTime,
    int? DurationSeconds,
    double CompletionPercentage,
    int? ReadingSpeedWpm)
{
    public static ReadingSessionResponse From(ReadingSession session) => new(
        session.Id,
        session.KnowledgeItemId,
        session.StartTime,
        session.EndTime,
        session.DurationSeconds,
        session.CompletionPercentage,
        session.ReadingSpeedWpm);
}

public sealed record TrackResponse(int Accepted, int Duplicates, IReadOnlyList<ReadingSessionResponse> ReadingSessions)
{
    public static TrackResponse From(TrackResult result) =>
        new(result.Accepted, result.Duplicates, result.ReadingSessions.Select(ReadingSessionResponse.From).ToArray());
}
