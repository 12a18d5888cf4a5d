namespace Kmt.Core.Activity;

/// <summary>Where an oldest-first walk of a user's events stopped: (occurred_at, id) of the last one returned.</summary>
public sealed record ActivityPosition(DateTimeOffset OccurredAt, string Id);
