namespace Kmt.Core.Accounts;

/// <summary>
/// One refresh token (the seed's user_sessions). Only the token's SHA-256 hash is stored. Every
/// refresh rotates the token: the old one is marked used and points at its successor, and all
/// tokens descended from one login share a <see cref="FamilyId"/>. Presenting a used token again
/// means it was stolen, so the whole family is revoked.
/// </summary>
public sealed record RefreshSession
{
    public required string Id { get; init; }

    public required string UserId { get; init; }

    public required string FamilyId { get; init; }

    public required string TokenHash { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Set when the token was exchanged for a new one.</summary>
    public DateTimeOffset? UsedAt { get; init; }

    public string? ReplacedById { get; init; }

    /// <summary>Set on logout, on reuse detection (for the whole family) and on password reset.</summary>
    public DateTimeOffset? RevokedAt { get; init; }

    public string? IpAddress { get; init; }

    public string? UserAgent { get; init; }

    /// <summary>
    /// The random salt this token's secret was derived with from its predecessor's token (HMAC-SHA256), or
    /// null for the first token of a login. It lets the predecessor, presented again within the reuse grace
    /// window (two tabs, a lost response), be answered with this same token; alone it derives nothing, since
    /// the predecessor's raw token is stored nowhere.
    /// </summary>
    public string? SecretSalt { get; init; }
}

/// <summary>
/// A one-time token sent by mail, stored as a hash, usable once before it expires: a password reset
/// (<see cref="Purpose"/> null) or the confirmation of a new e-mail address (<see cref="EmailChangePurpose"/>,
/// with the address in <see cref="NewEmail"/>). A successful password reset uses up all of a user's tokens.
/// </summary>
public sealed record PasswordResetToken
{
    public const string EmailChangePurpose = "email_change";

    public required string Id { get; init; }

    public required string UserId { get; init; }

    public required string TokenHash { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? UsedAt { get; init; }

    /// <summary>Null for a password reset; <see cref="EmailChangePurpose"/> for an e-mail change.</summary>
    public string? Purpose { get; init; }

    /// <summary>The address an e-mail change moves to (as typed, trimmed).</summary>
    public string? NewEmail { get; init; }
}
