using Kmt.Core.Privacy;
using Kmt.Storage.Cosmos.Documents;
using Microsoft.Azure.Cosmos;
using static Kmt.Storage.Cosmos.CosmosJson;
using static Kmt.Storage.Cosmos.CosmosOperations;

namespace Kmt.Storage.Cosmos.Privacy;

/// <summary>
/// The audit log in container privacy (type "audit"). Each entry carries ttl = the audit retention, so
/// Cosmos DB expires it and <see cref="DeleteExpiredAsync"/> has nothing to do.
/// </summary>
public sealed class CosmosAuditLog(CosmosDatabase database, TimeSpan retention) : IAuditLog
{
    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var document = new AuditDocument
        {
            Id = "audit:" + entry.Id,
            UserId = entry.UserId,
            EntryId = entry.Id,
            EventType = entry.EventType,
            Outcome = entry.Outcome,
            At = Time(entry.At),
            IpAddress = entry.IpAddress,
            UserAgent = entry.UserAgent,
            Details = entry.Details?.ToDictionary(),
            Ttl = (int)Math.Clamp(retention.TotalSeconds, 1, int.MaxValue),
        };
        await TryCreateAsync(await ContainerAsync(cancellationToken).ConfigureAwait(false), document, entry.UserId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string userId, AuditPosition? after, int skip, int take, CancellationToken cancellationToken)
    {
        var text = "SELECT * FROM c WHERE c.userId = @u AND c.type = 'audit'"
            + (after is null ? "" : " AND (c.at < @at OR (c.at = @at AND c.id < @id))")
            + " ORDER BY c.at DESC, c.id DESC";
        var query = new QueryDefinition(text).WithParameter("@u", userId);
        if (after is not null)
        {
            query = query.WithParameter("@at", Time(after.At)).WithParameter("@id", "audit:" + after.Id);
        }

        // The local emulator has no OFFSET: read past the skipped entries (audit logs are bounded by retention).
        var documents = await QueryAsync<AuditDocument>(await ContainerAsync(cancellationToken).ConfigureAwait(false), query, userId, Math.Max(0, skip) + Math.Max(0, take), cancellationToken).ConfigureAwait(false);
        return documents.Skip(Math.Max(0, skip)).Select(d => new AuditEntry
        {
            Id = d.EntryId,
            UserId = d.UserId,
            EventType = d.EventType,
            Outcome = d.Outcome,
            At = ParseTime(d.At),
            IpAddress = d.IpAddress,
            UserAgent = d.UserAgent,
            Details = d.Details,
        }).ToList();
    }

    public async Task<long> CountAsync(string userId, CancellationToken cancellationToken) =>
        await CosmosOperations.CountAsync(
            await ContainerAsync(cancellationToken).ConfigureAwait(false),
            new QueryDefinition("SELECT VALUE COUNT(1) FROM c WHERE c.userId = @u AND c.type = 'audit'").WithParameter("@u", userId),
            userId,
            cancellationToken).ConfigureAwait(false);

    /// <summary>Nothing to do: every entry expires by its own TTL.</summary>
    public Task<int> DeleteExpiredAsync(DateTimeOffset before, CancellationToken cancellationToken) => Task.FromResult(0);

    private Task<Container> ContainerAsync(CancellationToken cancellationToken) => database.ContainerAsync(ContainerDefinitions.Privacy, cancellationToken);
}
