namespace Kmt.Core.Knowledge;

/// <summary>
/// Access bookkeeping (accessed_at, access_count) is written without an ETag change
/// (<see cref="IKnowledgeStore.RecordAccessAsync"/>, docs/design/storage.md "Storage ports"), so a replace
/// based on a read from before some accesses must not roll them back. Every store applies this one
/// rule when it replaces an item: keep the larger count and the later time.
/// </summary>
public static class AccessCounting
{
    /// <summary>The access count and time an incoming item (<paramref name="incomingCount"/>, <paramref name="incomingAt"/>) must be stored with, given what is stored (<paramref name="storedCount"/>, <paramref name="storedAt"/>).</summary>
    public static (int AccessCount, DateTimeOffset AccessedAt) Merge(int storedCount, DateTimeOffset storedAt, int incomingCount, DateTimeOffset incomingAt) =>
        (Math.Max(storedCount, incomingCount), storedAt > incomingAt ? storedAt : incomingAt);
}
