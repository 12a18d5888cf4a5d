using Kmt.Core.Privacy;

namespace Kmt.Core.Tests.Fakes;

internal sealed class InMemoryAuditLog : IAuditLog
{
    public List<AuditEntry> Entries { get; } = [];

    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        Entries.Add(entry);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditEntry>> ListAsync(string userId, AuditPosition? after, int skip, int take, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AuditEntry>>(Entries
            .Where(e => e.UserId == userId)
            .Where(e => after is null || e.At < after.At || (e.At == after.At && string.CompareOrdinal(e.Id, after.Id) < 0))
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id, StringComparer.Ordinal).Skip(skip).Take(take).ToList());

    public Task<long> CountAsync(string userId, CancellationToken cancellationToken) => Task.FromResult((long)Entries.Count(e => e.UserId == userId));

    public Task<int> DeleteExpiredAsync(DateTimeOffset before, CancellationToken cancellationToken) => Task.FromResult(Entries.RemoveAll(e => e.At < before));
}
