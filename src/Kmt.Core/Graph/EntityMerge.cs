namespace Kmt.Core.Graph;

/// <summary>
/// One recorded merge into an entity (docs/design/graph.md, "Entity resolution"): which name or vertex
/// was folded in, by which rule, when, how confident the rule was and the evidence it rested on. Merges
/// are never silent: the entity's API response lists them as <c>merged_from</c>.
/// </summary>
public sealed record EntityMerge
{
    /// <summary><see cref="Method"/> when two vertices turned out to share a resolution key.</summary>
    public const string KeyMethod = "key";

    /// <summary><see cref="Method"/> when a new name's embedding was close to the entity's and the graph supported it.</summary>
    public const string EmbeddingMethod = "embedding";

    /// <summary>The surface form that was folded in ("K8s cluster", or the merged vertex's name).</summary>
    public required string Name { get; init; }

    /// <summary>Its normalised form, now one of the entity's aliases.</summary>
    public required string NormalizedName { get; init; }

    /// <summary>The merged vertex (which keeps <see cref="GraphVertex.MergedIntoId"/>); null when only a name was folded in.</summary>
    public string? FromId { get; init; }

    /// <summary><see cref="KeyMethod"/> or <see cref="EmbeddingMethod"/>.</summary>
    public required string Method { get; init; }

    /// <summary>Embedding merges: the cosine of the two names' vectors.</summary>
    public double? Score { get; init; }

    /// <summary>Embedding merges: the names of the entities both co-occur with (the graph's support).</summary>
    public IReadOnlyList<string> Evidence { get; init; } = [];

    /// <summary>The item whose change caused the merge, when one did.</summary>
    public string? ItemId { get; init; }

    public required DateTimeOffset MergedAt { get; init; }

    /// <summary>
    /// When the person undid this merge (POST graph/entities/{id}/split): the name is an entity of its own again
    /// (<see cref="SplitIntoId"/>), and entity resolution never folds it into this entity again. Null while merged.
    /// </summary>
    public DateTimeOffset? SplitAt { get; init; }

    /// <summary>The entity that took the name back out at <see cref="SplitAt"/>.</summary>
    public string? SplitIntoId { get; init; }
}
