namespace Kmt.Core.Graph;

/// <summary>What one reconciliation run found and repaired.</summary>
public sealed record GraphReconcileResult(int Examined, int Repaired, int AlreadyCurrent, int Failed);
