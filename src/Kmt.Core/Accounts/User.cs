namespace Kmt.Core.Accounts;

/// <summary>An account (the seed's users table). Partition: its own id.</summary>
public sealed record User
{
    public required string Id { get; init; }

    /// <summary>As the user typed it (trimmed); uniqueness is on <see cref="NormalizedEmail"/>.</summary>
    public required string Email { get; init; }

    public required string NormalizedEmail { get; init; }

    public required string PasswordHash { get; init; }

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
