namespace Kmt.Core.Tags;

/// <summary>
/// A tag (the seed's tags). Hierarchical by path: "science/physics" sits below "science". Items
/// name their tags by path; the tag record holds its color. Partition: UserId; unique per user by Name.
/// </summary>
public sealed record Tag
{
    public required string Id { get; init; }

    public required string UserId { get; init; }

    /// <summary>The normalized path: lower case, segments separated by "/", no empty segments.</summary>
    public required string Name { get; init; }

    public required string Color { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public required string ETag { get; init; }
}
