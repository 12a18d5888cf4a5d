namespace Kmt.Core.Privacy;

/// <summary>What one retention run did: its cut-off, the user-days folded and the events deleted.</summary>
public sealed record RetentionResult(DateTimeOffset Cutoff, int DaysFolded, long ActivitiesDeleted);
