namespace Kmt.Core.Knowledge;

/// <summary>
/// Accesses of one item gathered off the request path (<see cref="PendingAccesses"/>): how many, and the
/// latest time. A store adds <see cref="Count"/> to access_count and moves accessed_at forward to
/// <see cref="LastAccessedAt"/> (<see cref="IKnowledgeStore.RecordAccessesAsync"/>).
/// </summary>
public sealed record AccessTally(string UserId, string ItemId, int Count, DateTimeOffset LastAccessedAt);
