namespace Kmt.Core.Accounts;

/// <summary>
/// One login: the refresh-token family every rotated <see cref="RefreshSession"/> of it belongs to, and
/// what an access token's "sid" names. It is the one record the per-request access check reads, so it
/// lives as long as the login is used: every rotation moves <see cref="ExpiresAt"/> to the new token's
/// expiry (on Cosmos DB that also renews its TTL). Logout, reuse detection and password changes revoke
/// the family with one write, whatever number of sessions it has rotated through (docs/design/identity.md,
/// "Sign-in sessions").
/// </summary>
public sealed record SessionFamily
{
    public required string Id { get; init; }

    public required string UserId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The expiry of the family's newest refresh token: after it nothing of the login is valid.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Set on logout, reuse detection and password reset; the first revocation time is kept.</summary>
    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>True while the login may be used at <paramref name="now"/>.</summary>
    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;
}
