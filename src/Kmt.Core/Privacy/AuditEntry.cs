namespace Kmt.Core.Privacy;

/// <summary>
/// One security-relevant event about an account (docs/api.md, "Audit log"): what happened, whether it
/// succeeded, when, and from which address and user agent. Partition: UserId.
/// </summary>
public sealed record AuditEntry
{
    public required string Id { get; init; }

    public required string UserId { get; init; }

    /// <summary>One of <see cref="AuditEvents"/>.</summary>
    public required string EventType { get; init; }

    /// <summary>"success" or "failure".</summary>
    public required string Outcome { get; init; }

    public required DateTimeOffset At { get; init; }

    public string? IpAddress { get; init; }

    public string? UserAgent { get; init; }

    /// <summary>A few plain facts (never a secret, never another person's data).</summary>
    public IReadOnlyDictionary<string, string>? Details { get; init; }
}
