using System.Net;
using Kmt.Core.Accounts;
using Kmt.Storage.Cosmos.Documents;
using Microsoft.Azure.Cosmos;
using static Kmt.Storage.Cosmos.CosmosOperations;

namespace Kmt.Storage.Cosmos.Accounts;

/// <summary>
/// Logins ("family:{id}"), refresh sessions ("session:{id}") and one-time mail tokens ("reset:{id}") in
/// container credentials, partitioned by user. Each document carries ttl = seconds until its expiry plus
/// <see cref="CosmosStoreOptions.CredentialTtlGrace"/>, so Cosmos DB removes spent credentials itself; a
/// family's expiry and ttl are renewed by every rotation, so a login refreshed in time outlives any one
/// of its sessions. Revoking a login is one write to its family document (docs/design/identity.md,
/// "Sign-in sessions").
/// </summary>
/// <remarks>
/// Rotation marks the old session used (guarded by its _etag: of two concurrent refreshes exactly one
/// wins) and creates the replacement, in one TransactionalBatch when
/// <see cref="CosmosStoreOptions.UseTransactionalBatch"/> is on. Without batches (the local server) the mark
/// is written first and the replacement second: a crash between them leaves a used session without a
/// successor, which the client experiences as a failed refresh (sign in again), never as two live tokens.
/// </remarks>
public sealed class CosmosCredentialStore(CosmosDatabase database, TimeProvider time) : ICredentialStore
{
    public async Task CreateFamilyAsync(SessionFamily family, RefreshSession first, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(family);
        ArgumentNullException.ThrowIfNull(first);
        var container = await Container(cancellationToken).ConfigureAwait(false);

        // The family first: a crash before the session leaves an unusable family that its ttl removes.
        if (!await TryCreateAsync(container, DocumentMapper.ToDocument(family, Ttl(family.ExpiresAt)), family.UserId, cancellationToken).ConfigureAwait(false))
        {
            throw Core.Common.KmtException.Conflict("A login with this id already exists.");
        }

        await CreateSessionAsync(first, cancellationToken).ConfigureAwait(false);
    }

    public async Task<SessionFamily?> GetFamilyAsync(string userId, string familyId, CancellationToken cancellationToken)
    {
        var container = await Container(cancellationToken).ConfigureAwait(false);
        var document = await ReadAsync<FamilyDocument>(container, DocumentMapper.FamilyId(familyId), userId, cancellationToken).ConfigureAwait(false);
        return document is { Type: FamilyDocument.FamilyType } ? DocumentMapper.ToFamily(document) : null;
    }

    public async Task CreateSessionAsync(RefreshSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var container = await Container(cancellationToken).ConfigureAwait(false);
        if (!await TryCreateAsync(container, DocumentMapper.ToDocument(session, Ttl(session.ExpiresAt)), session.UserId, cancellationToken).ConfigureAwait(false))
        {
            throw Core.Common.KmtException.Conflict("A session with this id already exists.");
        }
    }

    public async Task<RefreshSession?> GetSessionAsync(string userId, string sessionId, CancellationToken cancellationToken)
    {
        var container = await Container(cancellationToken).ConfigureAwait(false);
        var document = await ReadAsync<SessionDocument>(container, DocumentMapper.SessionId(sessionId), userId, cancellationToken).ConfigureAwait(false);
        return document is null ? null : DocumentMapper.ToSession(document);
    }

    public async Task<bool> RotateSessionAsync(string userId, string sessionId, DateTimeOffset usedAt, RefreshSession replacement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        var container = await Container(cancellationToken).ConfigureAwait(false);
        var next = DocumentMapper.ToDocument(replacement with { UserId = userId }, Ttl(replacement.ExpiresAt));
        for (var attempt = 0; attempt < database.Options.MaxWriteAttempts; attempt++)
        {
            var current = await ReadAsync<SessionDocument>(container, DocumentMapper.SessionId(sessionId), userId, cancellationToken).ConfigureAwait(false);
            if (current is null || current.UsedAt is not null || current.IsRevoked)
            {
                return false;
            }

            var systemETag = current.SystemETag;
            current.UsedAt = CosmosJson.Time(usedAt);
            current.ReplacedById = replacement.Id;
            current.Ttl = Ttl(CosmosJson.ParseTime(current.ExpiresAt)); // TTL counts from the last write
            current.SystemETag = null;
            if (database.Options.UseTransactionalBatch)
            {
                using var response = await container.CreateTransactionalBatch(new PartitionKey(userId))
                    .ReplaceItem(current.Id, current, new TransactionalBatchItemRequestOptions { IfMatchEtag = systemETag })
                    .CreateItem(next)
                    .PatchItem(DocumentMapper.FamilyId(replacement.FamilyId), ExtendFamily(replacement.ExpiresAt))
                    .ExecuteAsync(cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }

                if (response.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
                {
                    continue;
                }

                throw new CosmosException($"Rotating a session failed: {response.ErrorMessage}", response.StatusCode, 0, response.ActivityId, response.RequestCharge);
            }

            if (await TryReplaceAsync(container, current, current.Id, userId, systemETag, "Session", cancellationToken).ConfigureAwait(false))
            {
                if (!await TryCreateAsync(container, next, userId, cancellationToken).ConfigureAwait(false))
                {
                    throw Core.Common.KmtException.Conflict("A session with this id already exists.");
                }

                try
                {
                    await container.PatchItemAsync<FamilyDocument>(
                        DocumentMapper.FamilyId(replacement.FamilyId), new PartitionKey(userId), ExtendFamily(replacement.ExpiresAt),
                        new PatchItemRequestOptions { EnableContentResponseOnWrite = false }, cancellationToken).ConfigureAwait(false);
                }
                catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
                {
                    // No family (removed by erasure meanwhile): the login is over anyway.
                }

                return true;
            }
        }

        return false;
    }

    public Task RevokeSessionAsync(string userId, string sessionId, DateTimeOffset revokedAt, CancellationToken cancellationToken) =>
        RevokeWhereAsync(userId, "c.sessionId = @id", sessionId, revokedAt, cancellationToken);

    public async Task RevokeFamilyAsync(string userId, string familyId, DateTimeOffset revokedAt, CancellationToken cancellationToken)
    {
        var container = await Container(cancellationToken).ConfigureAwait(false);
        await RevokeFamilyDocumentAsync(container, userId, DocumentMapper.FamilyId(familyId), revokedAt, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One write per login of the user (a query of the live families, then their documents); sessions are not touched.</summary>
    public async Task RevokeAllSessionsAsync(string userId, DateTimeOffset revokedAt, CancellationToken cancellationToken)
    {
        var container = await Container(cancellationToken).ConfigureAwait(false);
        var query = new QueryDefinition("SELECT c.id FROM c WHERE c.userId = @u AND c.type = @type AND c.isRevoked = false")
            .WithParameter("@u", userId)
            .WithParameter("@type", FamilyDocument.FamilyType);
        foreach (var id in await QueryAsync<IdOnly>(container, query, userId, null, cancellationToken).ConfigureAwait(false))
        {
            await RevokeFamilyDocumentAsync(container, userId, id.Id, revokedAt, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task CreateResetTokenAsync(PasswordResetToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        var container = await Container(cancellationToken).ConfigureAwait(false);
        if (!await TryCreateAsync(container, DocumentMapper.ToDocument(token, Ttl(token.ExpiresAt)), token.UserId, cancellationToken).ConfigureAwait(false))
        {
            throw Core.Common.KmtException.Conflict("A reset token with this id already exists.");
        }
    }

    public async Task<PasswordResetToken?> GetResetTokenAsync(string userId, string tokenId, CancellationToken cancellationToken)
    {
        var container = await Container(cancellationToken).ConfigureAwait(false);
        var document = await ReadAsync<ResetTokenDocument>(container, DocumentMapper.ResetTokenId(tokenId), userId, cancellationToken).ConfigureAwait(false);
        return document is null ? null : DocumentMapper.ToResetToken(document);
    }

    public async Task<bool> UseResetTokenAsync(string userId, string tokenId, DateTimeOffset usedAt, CancellationToken cancellationToken)
    {
        var container = await Container(cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; attempt < database.Options.MaxWriteAttempts; attempt++)
        {
            var current = await ReadAsync<ResetTokenDocument>(container, DocumentMapper.ResetTokenId(tokenId), userId, cancellationToken).ConfigureAwait(false);
            if (current is null || current.UsedAt is not null)
            {
                return false;
            }

            var systemETag = current.SystemETag;
            current.UsedAt = CosmosJson.Time(usedAt);
            current.Ttl = Ttl(CosmosJson.ParseTime(current.ExpiresAt));
            try
            {
                if (await TryReplaceAsync(container, current, current.Id, userId, systemETag, "Reset token", cancellationToken).ConfigureAwait(false))
                {
                    return true;
                }
            }
            catch (Core.Common.KmtException)
            {
                return false;
            }
        }

        return false;
    }

    public async Task UseAllResetTokensAsync(string userId, DateTimeOffset usedAt, CancellationToken cancellationToken)
    {
        var container = await Container(cancellationToken).ConfigureAwait(false);
        var query = new QueryDefinition("SELECT c.tokenId FROM c WHERE c.userId = @u AND c.type = @type")
            .WithParameter("@u", userId)
            .WithParameter("@type", "reset");
        foreach (var token in await QueryAsync<TokenIdOnly>(container, query, userId, null, cancellationToken).ConfigureAwait(false))
        {
            await UseResetTokenAsync(userId, token.TokenId, usedAt, cancellationToken).ConfigureAwait(false);
        }
    }

    private static PatchOperation[] ExtendFamily(DateTimeOffset expiresAt, int ttl) =>
        [PatchOperation.Set("/expiresAt", CosmosJson.Time(expiresAt)), PatchOperation.Set("/ttl", ttl)];

    private PatchOperation[] ExtendFamily(DateTimeOffset expiresAt) => ExtendFamily(expiresAt, Ttl(expiresAt));

    /// <summary>Marks one family document revoked (guarded by its _etag); the first revocation time is kept.</summary>
    private async Task RevokeFamilyDocumentAsync(Container container, string userId, string documentId, DateTimeOffset revokedAt, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < database.Options.MaxWriteAttempts; attempt++)
        {
            var current = await ReadAsync<FamilyDocument>(container, documentId, userId, cancellationToken).ConfigureAwait(false);
            if (current is null || current.IsRevoked)
            {
                return;
            }

            var systemETag = current.SystemETag;
            current.RevokedAt = CosmosJson.Time(revokedAt);
            current.IsRevoked = true;
            current.Ttl = Ttl(CosmosJson.ParseTime(current.ExpiresAt));
            try
            {
                if (await TryReplaceAsync(container, current, current.Id, userId, systemETag, "Login", cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (Core.Common.KmtException)
            {
                return; // deleted meanwhile (TTL or erasure)
            }
        }
    }

    /// <summary>
    /// Revokes the user's unrevoked sessions matching <paramref name="condition"/> (all when null), each with
    /// its own _etag-guarded write; a session revoked meanwhile keeps its first revocation time.
    /// </summary>
    private async Task RevokeWhereAsync(string userId, string? condition, string? value, DateTimeOffset revokedAt, CancellationToken cancellationToken)
    {
        var container = await Container(cancellationToken).ConfigureAwait(false);
        var query = new QueryDefinition(
                "SELECT c.id FROM c WHERE c.userId = @u AND c.type = @type AND c.isRevoked = false" + (condition is null ? "" : " AND " + condition))
            .WithParameter("@u", userId)
            .WithParameter("@type", "session");
        if (value is not null)
        {
            query = query.WithParameter("@id", value);
        }

        var ids = await QueryAsync<IdOnly>(container, query, userId, null, cancellationToken).ConfigureAwait(false);
        foreach (var id in ids)
        {
            for (var attempt = 0; attempt < database.Options.MaxWriteAttempts; attempt++)
            {
                var current = await ReadAsync<SessionDocument>(container, id.Id, userId, cancellationToken).ConfigureAwait(false);
                if (current is null || current.IsRevoked)
                {
                    break;
                }

                var systemETag = current.SystemETag;
                current.RevokedAt = CosmosJson.Time(revokedAt);
                current.IsRevoked = true;
                current.Ttl = Ttl(CosmosJson.ParseTime(current.ExpiresAt));
                try
                {
                    if (await TryReplaceAsync(container, current, current.Id, userId, systemETag, "Session", cancellationToken).ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch (Core.Common.KmtException)
                {
                    break; // deleted meanwhile (TTL or erasure)
                }
            }
        }
    }

    /// <summary>Seconds until Cosmos DB may remove a credential expiring at <paramref name="expiresAt"/> (at least one minute).</summary>
    internal int Ttl(DateTimeOffset expiresAt)
    {
        var seconds = (expiresAt - time.GetUtcNow() + database.Options.CredentialTtlGrace).TotalSeconds;
        return (int)Math.Clamp(Math.Ceiling(seconds), 60, int.MaxValue);
    }

    private Task<Container> Container(CancellationToken cancellationToken) => database.ContainerAsync(ContainerDefinitions.Credentials, cancellationToken);
}

/// <summary>A projection of a one-time token's id.</summary>
internal sealed class TokenIdOnly
{
    [System.Text.Json.Serialization.JsonPropertyName("tokenId")]
    public string TokenId { get; set; } = "";
}

/// <summary>A projection of just the id.</summary>
internal sealed class IdOnly
{
    [System.Text.Json.Serialization.JsonPropertyName("id")]
    public string Id { get; set; } = "";
}
