using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Storage.Cosmos.Documents;
using Microsoft.Azure.Cosmos;
using Kmt.Storage.Cosmos.Common;
using User = Kmt.Core.Accounts.User;
using static Kmt.Storage.Cosmos.CosmosOperations;

namespace Kmt.Storage.Cosmos.Accounts;

/// <summary>
/// Accounts in container users (id = partition = user id) and their unique lookups in userKeys
/// ("email:{normalized}" and "external:{subject}", each → user id). Creating a key twice is a 409, which
/// is what makes e-mails and external subjects unique.
/// </summary>
/// <remarks>
/// A key is a claim (<see cref="Claims"/>): written as pending before the user document that needs it,
/// confirmed after, and removed after the document stops needing it, so a crash leaves at worst an
/// orphaned key, never a user whose key is missing. A key whose user document does not hold it is taken
/// over only once it is not a pending claim within its lease: until then it is a registration in flight,
/// and the second of two concurrent registrations (or first calls of an Entra user) gets CONFLICT.
/// </remarks>
public sealed class CosmosUserStore(CosmosDatabase database, TimeProvider? time = null) : IUserStore
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    private const string EmailTaken = "An account with this email already exists.";
    private const string SubjectTaken = "An account for this external identity already exists.";

    public async Task<User?> GetAsync(string userId, CancellationToken cancellationToken)
    {
        var users = await database.ContainerAsync(ContainerDefinitions.Users, cancellationToken).ConfigureAwait(false);
        var document = await ReadAsync<UserDocument>(users, userId, userId, cancellationToken).ConfigureAwait(false);
        return document is null ? null : DocumentMapper.ToUser(document);
    }

    public async Task<User?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken)
    {
        var document = await FindByKeyAsync(DocumentMapper.EmailKey(normalizedEmail), cancellationToken).ConfigureAwait(false);
        return document is not null && string.Equals(document.NormalizedEmail, normalizedEmail, StringComparison.Ordinal)
            ? DocumentMapper.ToUser(document)
            : null;
    }

    /// <summary>The account of a Microsoft Entra ID user, by the token's subject.</summary>
    public async Task<User?> FindByExternalSubjectAsync(string externalSubject, CancellationToken cancellationToken)
    {
        var document = await FindByKeyAsync(DocumentMapper.ExternalKey(externalSubject), cancellationToken).ConfigureAwait(false);
        return document is not null && string.Equals(document.ExternalSubject, externalSubject, StringComparison.Ordinal)
            ? DocumentMapper.ToUser(document)
            : null;
    }

    /// <summary>
    /// A cross-partition query (each user is its own partition) ordered by id; the nightly insight run
    /// is its only caller, once a page.
    /// </summary>
    public async Task<IReadOnlyList<string>> ListActiveUserIdsAsync(string? afterUserId, int take, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        if (take <= 0)
        {
            return ids;
        }

        var users = await database.ContainerAsync(ContainerDefinitions.Users, cancellationToken).ConfigureAwait(false);
        var query = new QueryDefinition(
                "SELECT c.id FROM c WHERE c.type = 'user' AND c.isActive = true AND (IS_NULL(@after) OR c.id > @after) ORDER BY c.id")
            .WithParameter("@after", afterUserId);
        using var iterator = users.GetItemQueryIterator<IdOnly>(query, requestOptions: new QueryRequestOptions { MaxItemCount = Math.Min(take, 1000) });
        while (iterator.HasMoreResults && ids.Count < take)
        {
            foreach (var row in await iterator.ReadNextAsync(cancellationToken).ConfigureAwait(false))
            {
                ids.Add(row.Id);
            }
        }

        return ids.Count > take ? ids.GetRange(0, take) : ids;
    }

    private sealed class IdOnly
    {
        [System.Text.Json.Serialization.JsonPropertyName("id")] public string Id { get; set; } = "";
    }

    public async Task CreateAsync(User user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var users = await database.ContainerAsync(ContainerDefinitions.Users, cancellationToken).ConfigureAwait(false);
        var document = DocumentMapper.ToDocument(user);
        var claimed = new List<(string Key, string ETag, string TakenMessage)>();
        try
        {
            claimed.Add(await ClaimKeyAsync(DocumentMapper.EmailKey(user.NormalizedEmail), user.Id, EmailTaken, cancellationToken).ConfigureAwait(false));
            if (document.ExternalSubject is { } subject)
            {
                claimed.Add(await ClaimKeyAsync(DocumentMapper.ExternalKey(subject), user.Id, SubjectTaken, cancellationToken).ConfigureAwait(false));
            }

            if (!await TryCreateAsync(users, document, user.Id, cancellationToken).ConfigureAwait(false))
            {
                throw KmtException.Conflict("An account with this id already exists.");
            }

            if (await ConfirmKeysAsync(claimed, user.Id, cancellationToken).ConfigureAwait(false) is { } lost)
            {
                // Our lease ran out and another account took the key over: this one must not exist.
                await CosmosOperations.DeleteAsync(users, user.Id, user.Id, CancellationToken.None).ConfigureAwait(false);
                throw KmtException.Conflict(lost);
            }
        }
        catch
        {
            await ReleaseKeysAsync(claimed.Select(c => c.Key), user.Id, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    public async Task ReplaceAsync(User user, string expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var users = await database.ContainerAsync(ContainerDefinitions.Users, cancellationToken).ConfigureAwait(false);
        var newEmailKey = DocumentMapper.EmailKey(user.NormalizedEmail);
        var newSubject = user.ExternalSubject;
        var newSubjectKey = newSubject is null ? null : DocumentMapper.ExternalKey(newSubject);
        var claimed = new List<(string Key, string ETag, string TakenMessage)>();
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var current = await ReadAsync<UserDocument>(users, user.Id, user.Id, cancellationToken).ConfigureAwait(false)
                    ?? throw KmtException.NotFound("User");
                if (!string.Equals(current.ETag, expectedETag, StringComparison.Ordinal) || attempt >= database.Options.MaxWriteAttempts)
                {
                    throw KmtException.PreconditionFailed();
                }

                var oldKeys = KeysOf(current);
                if (!oldKeys.Contains(newEmailKey) && !claimed.Exists(c => c.Key == newEmailKey))
                {
                    claimed.Add(await ClaimKeyAsync(newEmailKey, user.Id, EmailTaken, cancellationToken).ConfigureAwait(false));
                }

                if (newSubjectKey is not null && !oldKeys.Contains(newSubjectKey) && !claimed.Exists(c => c.Key == newSubjectKey))
                {
                    claimed.Add(await ClaimKeyAsync(newSubjectKey, user.Id, SubjectTaken, cancellationToken).ConfigureAwait(false));
                }

                var replacement = DocumentMapper.ToDocument(user);
                var previous = current.SystemETag;

                if (await TryReplaceAsync(users, replacement, user.Id, user.Id, previous, "User", cancellationToken).ConfigureAwait(false))
                {
                    if (await ConfirmKeysAsync(claimed, user.Id, cancellationToken).ConfigureAwait(false) is { } lost)
                    {
                        // Our lease ran out and another account took the new key over: put the old document back.
                        await RestoreAsync(users, current, user.ETag).ConfigureAwait(false);
                        throw KmtException.Conflict(lost);
                    }

                    claimed.Clear();
                    var stale = oldKeys.Except(KeysOf(replacement)).ToList();
                    await ReleaseKeysAsync(stale, user.Id, cancellationToken).ConfigureAwait(false);
                    return;
                }
            }
        }
        catch
        {
            await ReleaseKeysAsync(claimed.Select(c => c.Key), user.Id, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Puts <paramref name="previous"/> back if the stored user is still our write (API ETag <paramref name="ourETag"/>).</summary>
    private static async Task RestoreAsync(Container users, UserDocument previous, string ourETag)
    {
        var stored = await ReadAsync<UserDocument>(users, previous.Id, previous.Id, CancellationToken.None).ConfigureAwait(false);
        if (stored is not null && string.Equals(stored.ETag, ourETag, StringComparison.Ordinal))
        {
            await TryReplaceAsync(users, previous, previous.Id, previous.Id, stored.SystemETag, "User", CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Confirms the claims; the taken-message of the first one lost to a takeover, or null when all held.</summary>
    private async Task<string?> ConfirmKeysAsync(List<(string Key, string ETag, string TakenMessage)> claimed, string userId, CancellationToken cancellationToken)
    {
        var keys = await database.ContainerAsync(ContainerDefinitions.UserKeys, cancellationToken).ConfigureAwait(false);
        foreach (var (key, etag, takenMessage) in claimed)
        {
            var owned = new UserKeyDocument { Id = key, Key = key, UserId = userId };
            if (!await Claims.ConfirmAsync(keys, owned, key, key, etag, cancellationToken).ConfigureAwait(false))
            {
                return takenMessage;
            }
        }

        return null;
    }

    private static List<string> KeysOf(UserDocument document)
    {
        var keys = new List<string> { DocumentMapper.EmailKey(document.NormalizedEmail) };
        if (document.ExternalSubject is { } subject)
        {
            keys.Add(DocumentMapper.ExternalKey(subject));
        }

        return keys;
    }

    private async Task<UserDocument?> FindByKeyAsync(string key, CancellationToken cancellationToken)
    {
        var keys = await database.ContainerAsync(ContainerDefinitions.UserKeys, cancellationToken).ConfigureAwait(false);
        var entry = await ReadAsync<UserKeyDocument>(keys, key, key, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            return null;
        }

        var users = await database.ContainerAsync(ContainerDefinitions.Users, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<UserDocument>(users, entry.UserId, entry.UserId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Claims the key for <paramref name="userId"/> and returns it with the claim's _etag (to confirm once the
    /// user document is written). CONFLICT when another account holds it or is being created with it.
    /// </summary>
    private async Task<(string Key, string ETag, string TakenMessage)> ClaimKeyAsync(string key, string userId, string takenMessage, CancellationToken cancellationToken)
    {
        var keys = await database.ContainerAsync(ContainerDefinitions.UserKeys, cancellationToken).ConfigureAwait(false);
        var users = await database.ContainerAsync(ContainerDefinitions.Users, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var etag = await Claims.TryClaimAsync(
            keys,
            key,
            key,
            () => new UserKeyDocument
            {
                Id = key, Key = key, UserId = userId, State = Claims.Pending, LeaseUntil = CosmosJson.Time(now + database.Options.ClaimLease),
            },
            async existing =>
            {
                var holder = await ReadAsync<UserDocument>(users, existing.UserId, existing.UserId, cancellationToken).ConfigureAwait(false);
                return holder is not null && KeysOf(holder).Contains(key);
            },
            now,
            database.Options.MaxWriteAttempts,
            cancellationToken).ConfigureAwait(false);
        return etag is null ? throw KmtException.Conflict(takenMessage) : (key, etag, takenMessage);
    }

    /// <summary>Deletes keys that still point at <paramref name="userId"/> (never another user's).</summary>
    internal async Task ReleaseKeysAsync(IEnumerable<string> keyIds, string userId, CancellationToken cancellationToken)
    {
        var keys = await database.ContainerAsync(ContainerDefinitions.UserKeys, cancellationToken).ConfigureAwait(false);
        foreach (var key in keyIds)
        {
            var existing = await ReadAsync<UserKeyDocument>(keys, key, key, cancellationToken).ConfigureAwait(false);
            if (existing is null || !string.Equals(existing.UserId, userId, StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                await keys.DeleteItemAsync<UserKeyDocument>(key, new PartitionKey(key), IfMatch(existing.SystemETag), cancellationToken).ConfigureAwait(false);
            }
            catch (CosmosException ex) when (ex.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.PreconditionFailed)
            {
                // Gone already, or taken over meanwhile: either way no longer this user's.
            }
        }
    }
}
