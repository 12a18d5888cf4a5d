namespace Kmt.Core.Knowledge;

/// <summary>
/// BM25 column weights of a full-text search: a term matched in the title counts <see cref="Title"/> times
/// what the same match in the content counts (docs/design/storage.md, "Storage ports and why they look the way they do"). Tried on
/// bench/Kmt.Bench.SearchQuality; configured through SearchOptions.
/// </summary>
public sealed record SearchFieldWeights(double Title, double Content, double Tags)
{
    /// <summary>The weights before any configuration: title 5, content 1, tags 2.</summary>
    public static SearchFieldWeights Default { get; } = new(5.0, 1.0, 2.0);
}
