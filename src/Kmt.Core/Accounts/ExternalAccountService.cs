using Kmt.Core.Common;
using Microsoft.Extensions.Logging;

namespace Kmt.Core.Accounts;

/// <summary>
/// A person as an external identity provider vouches for them in a validated token.
/// <paramref name="Subject"/> is the provider-scoped unique id ("entra|{tid}|{oid}"); <paramref name="Role"/>
/// is one of <see cref="Roles"/>, decided by the provider (app roles).
/// </summary>
public sealed record ExternalIdentity(string Subject, string Role, string? Email, string? FirstName, string? LastName);

/// <summary>
/// Maps external identities to KMT accounts: the account is created on the identity's first call and
/// found by <see cref="User.ExternalSubject"/> afterwards; never linked to an existing account by e-mail,
/// since the provider's e-mail claim proves nothing about who owns a local account with that address.
/// </summary>
public sealed class ExternalAccountService(IUserStore users, TimeProvider timeProvider, ILogger<ExternalAccountService>? logger = null)
{
    /// <summary>The e-mail's unique key for an external account: cannot collide with any local (normalized) e-mail.</summary>
    public static string NormalizedEmailFor(string subject) => "external|" + subject;

    /// <summary>
    /// The active account of <paramref name="identity"/>, created if it has none yet; its role follows
    /// the provider's. Throws UNAUTHORIZED when the account is deactivated.
    /// </summary>
    public async Task<User> ResolveAsync(ExternalIdentity identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentException.ThrowIfNullOrEmpty(identity.Subject);
        if (!Roles.All.Contains(identity.Role))
        {
            throw new ArgumentException($"Unknown role '{identity.Role}'.", nameof(identity));
        }

        var user = await users.FindByExternalSubjectAsync(identity.Subject, cancellationToken)
            ?? await CreateAsync(identity, cancellationToken);

        if (!user.IsActive)
        {
            throw KmtException.Unauthorized(AuthService.InvalidAccessTokenMessage);
        }

        return user.Role == identity.Role ? user : await UpdateRoleAsync(user, identity, cancellationToken);
    }

    private async Task<User> CreateAsync(ExternalIdentity identity, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var user = new User
        {
            Id = Ids.New(),
            Email = identity.Email ?? "",
            NormalizedEmail = NormalizedEmailFor(identity.Subject),
            PasswordHash = "",
            ExternalSubject = identity.Subject,
            FirstName = identity.FirstName,
            LastName = identity.LastName,
            Role = identity.Role,
            CreatedAt = now,
            UpdatedAt = now,
            LastLogin = now,
            ETag = ETags.New(),
        };

        try
        {
            await users.CreateAsync(user, cancellationToken);
            logger?.LogInformation("Created account {UserId} for external identity {Subject}.", user.Id, identity.Subject);
            return user;
        }
        catch (KmtException e) when (e.Code == ErrorCode.Conflict)
        {
            // A concurrent first call of the same identity won (or is still writing its account): use its account.
            return await WaitForAccountAsync(identity.Subject, cancellationToken)
                ?? throw KmtException.Unauthorized(AuthService.InvalidAccessTokenMessage);
        }
    }

    /// <summary>
    /// The account a concurrent first call is creating. On Cosmos DB the winner's unique keys exist a moment
    /// before its user document (docs/design/storage.md, "Uniqueness on Cosmos DB"), so the losers look a few
    /// times, with growing pauses (about 3 s in all), before giving up.
    /// </summary>
    private async Task<User?> WaitForAccountAsync(string subject, CancellationToken cancellationToken)
    {
        var pause = TimeSpan.FromMilliseconds(25);
        for (var attempt = 0; ; attempt++)
        {
            if (await users.FindByExternalSubjectAsync(subject, cancellationToken) is { } user)
            {
                return user;
            }

            if (attempt == 8)
            {
                return null;
            }

            await Task.Delay(pause, timeProvider, cancellationToken);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
        }
    }

    /// <summary>App roles belong to the tenant: the token's role replaces the stored one.</summary>
    private Task<User> UpdateRoleAsync(User user, ExternalIdentity identity, CancellationToken cancellationToken) =>
        ConcurrencyRetry.RunAsync(async () =>
        {
            var current = await users.GetAsync(user.Id, cancellationToken)
                ?? throw KmtException.Unauthorized(AuthService.InvalidAccessTokenMessage);
            if (current.Role == identity.Role)
            {
                return current;
            }

            var updated = current with { Role = identity.Role, UpdatedAt = timeProvider.GetUtcNow(), ETag = ETags.New() };
            await users.ReplaceAsync(updated, current.ETag, cancellationToken);
            logger?.LogInformation("Role of account {UserId} changed from {Old} to {New} by its identity provider.", user.Id, current.Role, identity.Role);
            return updated;
        });
}
