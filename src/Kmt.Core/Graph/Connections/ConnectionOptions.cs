namespace Kmt.Core.Graph.Connections;

/// <summary>
/// Configuration section "Kmt:Connections": how GET recommendations/connections finds and ranks links a
/// person has not made (docs/design/graph.md, "Connection recommendations"; docs/api.md, "Connection recommendations").
/// </summary>
public sealed class ConnectionOptions
{
    public const string Section = "Kmt:Connections";

    /// <summary>Recommendations answered without a limit parameter.</summary>
    public int DefaultLimit { get; set; } = 20;

    /// <summary>The largest limit accepted.</summary>
    public int MaxLimit { get; set; } = 100;

    /// <summary>Vertices read at most in the one graph snapshot (items, entities, tags; the newest first).</summary>
    public int MaxGraphVertices { get; set; } = 20_000;

    /// <summary>
    /// An entity or tag on more items than this is a hub and suggests no pair (its Adamic–Adar share, 1/ln(degree),
    /// is small anyway, and its pairs grow with the square of its degree).
    /// </summary>
    public int MaxSharedDegree { get; set; } = 200;

    /// <summary>Item pairs the graph step enumerates at most (a bound on work for a very dense graph).</summary>
    public int MaxPairsEnumerated { get; set; } = 200_000;

    /// <summary>Graph candidates (best Adamic–Adar first) that go on to be scored with their embeddings.</summary>
    public int RerankPool { get; set; } = 300;

    /// <summary>The newest items whose nearest neighbours by embedding are also candidates (0: graph candidates only).</summary>
    public int EmbeddingSeedItems { get; set; } = 50;

    /// <summary>Nearest neighbours asked for per seed item.</summary>
    public int EmbeddingNeighbours { get; set; } = 5;

    /// <summary>A neighbour by embedding alone becomes a candidate at this cosine similarity of the two items' mean vectors or above.</summary>
    public double MinSimilarity { get; set; } = 0.6;

    /// <summary>Cosine similarity that counts as nothing; 1 counts fully, linearly between (all-MiniLM-L6-v2 puts unrelated texts near 0.1).</summary>
    public double SimilarityFloor { get; set; } = 0.2;

    /// <summary>Weight of a shared entity in the Adamic–Adar sum.</summary>
    public double EntityWeight { get; set; } = 1.0;

    /// <summary>Weight of a shared tag in the Adamic–Adar sum.</summary>
    public double TagWeight { get; set; } = 0.5;

    /// <summary>The Adamic–Adar sum at which the graph score is one half (score = sum / (sum + this)).</summary>
    public double GraphHalfScore { get; set; } = 1.0;

    /// <summary>Share of the graph score in the combined score.</summary>
    public double GraphWeight { get; set; } = 0.6;

    /// <summary>Share of the embedding similarity in the combined score (an item without vectors yet contributes 0).</summary>
    public double SimilarityWeight { get; set; } = 0.4;

    /// <summary>Recommendations scoring below this are not made.</summary>
    public double MinScore { get; set; } = 0.25;

    /// <summary>Shared entity and tag names shown as evidence at most (each list).</summary>
    public int MaxEvidenceNames { get; set; } = 10;

    /// <summary>The relationship type suggested, and used when an accept names none.</summary>
    public string RelationshipType { get; set; } = "related";
}
