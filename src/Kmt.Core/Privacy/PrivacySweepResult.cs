namespace Kmt.Core.Privacy;

/// <summary>What one privacy sweep did.</summary>
public sealed record PrivacySweepResult(int ErasuresFinished, int ExportsDeleted, int AuditEntriesDeleted);
