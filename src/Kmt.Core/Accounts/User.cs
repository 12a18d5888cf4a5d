namespace Kmt.Core.Accounts;

/// <summary>An account (the seed's users table). Partition: its own id.</summary>
public sealed record User
{
    public required string Id { get; init; }

    /// <summary>As the user typed it (trimmed); uniqueness is on <see cref="NormalizedEmail"/>.</summary>
    public required string Email { get; init; }

    /// <summary>
    /// The unique key of <see cref="Email"/>. Accounts signed in by an external identity provider hold
    /// "external|{<see cref="ExternalSubject"/>}" here, so their e-mail (whatever the provider says) can
    /// neither collide with nor be linked to a local account.
    /// </summary>
    public required string NormalizedEmail { get; init; }

    /// <summary>Empty for accounts without a local password (signed in by an external identity provider).</summary>
    public required string PasswordHash { get; init; }

    /// <summary>
    /// The external identity this account belongs to, unique across accounts: "entra|{tenant id}|{object id}"
    /// for Microsoft Entra ID. Null for local accounts.
    /// </summary>
    public string? ExternalSubject { get; init; }

    public string? FirstName { get; init; }

    public string? LastName { get; init; }

    public required string Role { get; init; }

    public bool IsActive { get; init; } = true;

    /// <summary>The user's preferences object as raw JSON text ("{}" when none).</summary>
    public string PreferencesJson { get; init; } = "{}";

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? LastLogin { get; init; }

    public required string ETag { get; init; }
}
