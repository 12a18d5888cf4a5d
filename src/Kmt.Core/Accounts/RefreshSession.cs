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
}

/// <summary>A password-reset token, stored as a hash, usable once before it expires.</summary>
public sealed record PasswordResetToken
{
    public required string Id { get; init; }

    public required string UserId { get; init; }

    public required string TokenHash { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? UsedAt { get; init; }
}
