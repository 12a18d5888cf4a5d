namespace Kmt.Functions.Apis.Model;

/// <summary>One user's part of a run, with the failing step's message when it failed.</summary>
public sealed record UserRunResponse(
    string UserId, string Trigger, string Status, DateTimeOffset AsOf, DateTimeOffset UpdatedAt, DateTimeOffset? CompletedAt, int? ItemCount, int? ScoredCount, string? Error);
