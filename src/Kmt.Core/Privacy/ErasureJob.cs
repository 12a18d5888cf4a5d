namespace Kmt.Core.Privacy;

/// <summary>
/// An account erasure in progress or done (docs/design/storage.md, "Privacy"). Written before anything is
/// deleted, so a crash midway leaves a record the privacy sweep finishes. Once done it is the one
/// thing kept: the (random) account id and two instants, nothing that names the person.
/// </summary>
public sealed record ErasureJob
{
    public required string UserId { get; init; }

    public required DateTimeOffset RequestedAt { get; init; }

    public DateTimeOffset? LastAttemptAt { get; init; }

    public int Attempts { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }
}
