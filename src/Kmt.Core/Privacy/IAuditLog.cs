namespace Kmt.Core.Privacy;

/// <summary>
/// The audit log, partitioned by user and erased with the account. Entries live for
/// <see cref="PrivacyOptions.AuditRetention"/>: Cosmos DB expires them by TTL, SQLite by
/// <see cref="DeleteExpiredAsync"/> (the privacy sweep).
/// </summary>
public interface IAuditLog
{
    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>The user's entries, newest first: after <paramref name="after"/> when given, else skipping <paramref name="skip"/>.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAsync(string userId, AuditPosition? after, int skip, int take, CancellationToken cancellationToken);

    Task<long> CountAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Deletes entries older than <paramref name="before"/> where the store has no TTL; returns how many.</summary>
    Task<int> DeleteExpiredAsync(DateTimeOffset before, CancellationToken cancellationToken);
}

/// <summary>Where a newest-first walk of the audit log stopped.</summary>
public sealed record AuditPosition(DateTimeOffset At, string Id);
