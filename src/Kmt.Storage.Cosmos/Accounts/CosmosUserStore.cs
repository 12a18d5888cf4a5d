using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Storage.Cosmos.Documents;
using Microsoft.Azure.Cosmos;
using User = Kmt.Core.Accounts.User;
using static Kmt.Storage.Cosmos.CosmosOperations;

namespace Kmt.Storage.Cosmos.Accounts;

/// <summary>
/// Accounts in container users (id = partition = user id) and their unique lookups in userKeys
/// ("email:{normalized}" and "external:{subject}", each → user id). Creating a key twice is a 409, which
/// is what makes e-mails and external subjects unique.
/// </summary>
/// <remarks>
/// A key is written before the user document that needs it and removed after the document stops
/// needing it, so a crash leaves at worst an orphaned key, never a user whose key is missing. An orphaned
/// key (its user does not exist or has another e-mail) is taken over by the next account that claims it.
/// </remarks>
public sealed class CosmosUserStore(CosmosDatabase database) : IUserStore
{
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

    public async Task CreateAsync(User user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var users = await database.ContainerAsync(ContainerDefinitions.Users, cancellationToken).ConfigureAwait(false);
        var document = DocumentMapper.ToDocument(user);
        var claimed = new List<string>();
        try
        {
            await ClaimKeyAsync(DocumentMapper.EmailKey(user.NormalizedEmail), user.Id, EmailTaken, cancellationToken).ConfigureAwait(false);
            claimed.Add(DocumentMapper.EmailKey(user.NormalizedEmail));
            if (document.ExternalSubject is { } subject)
            {
                await ClaimKeyAsync(DocumentMapper.ExternalKey(subject), user.Id, SubjectTaken, cancellationToken).ConfigureAwait(false);
                claimed.Add(DocumentMapper.ExternalKey(subject));
            }

            if (!await TryCreateAsync(users, document, user.Id, cancellationToken).ConfigureAwait(false))
            {
                throw KmtException.Conflict("An account with this id already exists.");
            }
        }
        catch
        {
            await ReleaseKeysAsync(claimed, user.Id, cancellationToken).ConfigureAwait(false);
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
        var claimed = new List<string>();
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
                if (!oldKeys.Contains(newEmailKey) && !claimed.Contains(newEmailKey))
                {
                    await ClaimKeyAsync(newEmailKey, user.Id, EmailTaken, cancellationToken).ConfigureAwait(false);
                    claimed.Add(newEmailKey);
                }

                if (newSubjectKey is not null && !oldKeys.Contains(newSubjectKey) && !claimed.Contains(newSubjectKey))
                {
                    await ClaimKeyAsync(newSubjectKey, user.Id, SubjectTaken, cancellationToken).ConfigureAwait(false);
                    claimed.Add(newSubjectKey);
                }

                var replacement = DocumentMapper.ToDocument(user);

                if (await TryReplaceAsync(users, replacement, user.Id, user.Id, current.SystemETag, "User", cancellationToken).ConfigureAwait(false))
                {
                    claimed.Clear();
                    var stale = oldKeys.Except(KeysOf(replacement)).ToList();
                    await ReleaseKeysAsync(stale, user.Id, cancellationToken).ConfigureAwait(false);
                    return;
                }
            }
        }
        catch
        {
            await ReleaseKeysAsync(claimed, user.Id, cancellationToken).ConfigureAwait(false);
            throw;
        }
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
    /// Creates the key for <paramref name="userId"/>. A key already held is a CONFLICT, unless it is this
    /// user's or an orphan (its user is gone or no longer has it), which is taken over.
    /// </summary>
    private async Task ClaimKeyAsync(string key, string userId, string takenMessage, CancellationToken cancellationToken)
    {
        var keys = await database.ContainerAsync(ContainerDefinitions.UserKeys, cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; attempt < database.Options.MaxWriteAttempts; attempt++)
        {
            if (await TryCreateAsync(keys, new UserKeyDocument { Id = key, Key = key, UserId = userId }, key, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            var existing = await ReadAsync<UserKeyDocument>(keys, key, key, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                continue;
            }

            if (string.Equals(existing.UserId, userId, StringComparison.Ordinal))
            {
                return;
            }

            var users = await database.ContainerAsync(ContainerDefinitions.Users, cancellationToken).ConfigureAwait(false);
            var holder = await ReadAsync<UserDocument>(users, existing.UserId, existing.UserId, cancellationToken).ConfigureAwait(false);
            if (holder is not null && KeysOf(holder).Contains(key))
            {
                throw KmtException.Conflict(takenMessage);
            }

            // An orphan from an interrupted write: take it over, unless someone else just did.
            if (await TryReplaceAsync(keys, new UserKeyDocument { Id = key, Key = key, UserId = userId }, key, key, existing.SystemETag, "Key", cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }

        throw KmtException.Conflict(takenMessage);
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
