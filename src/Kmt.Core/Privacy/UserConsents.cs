namespace Kmt.Core.Privacy;

/// <summary>A person's consents, one state per purpose of <see cref="ConsentPurposes.All"/>. Partition: UserId.</summary>
public sealed record UserConsents
{
    public required string UserId { get; init; }

    public required IReadOnlyList<ConsentState> Purposes { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public required string ETag { get; init; }

    public bool IsGranted(string purpose) => Purposes.FirstOrDefault(p => p.Purpose == purpose)?.Granted ?? ConsentPurposes.DefaultGranted(purpose);
}
