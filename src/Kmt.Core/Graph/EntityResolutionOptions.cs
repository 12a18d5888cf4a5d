namespace Kmt.Core.Graph;

/// <summary>
/// Entity resolution by embedding similarity (configuration section "Kmt:EntityResolution";
/// docs/design/graph.md, "Entity resolution"). A name that matches no entity by key or alias becomes an
/// alias of an existing entity of the same category when the cosine of the two names' embeddings is at
/// least <see cref="MinCosine"/> AND the graph supports it: at least <see cref="MinSharedEntities"/>
/// other entities of the item that are also mentioned together with the candidate in some item.
/// </summary>
public sealed class EntityResolutionOptions
{
    public const string Section = "Kmt:EntityResolution";

    /// <summary>Off: resolution by key and alias only.</summary>
    public bool EmbeddingEnabled { get; set; } = true;

    /// <summary>
    /// The least cosine of two names' all-MiniLM-L6-v2 vectors. Measured on the quantized model
    /// (docs/design/graph.md, "Entity resolution"): 11 different things of one kind score 0.11-0.58
    /// (London / Paris the highest), 8 of 11 variants of one name 0.71-0.94; abbreviations score lower
    /// (K8s 0.47, MIT 0.53) and are left to <see cref="EntityNames.KnownAliases"/>.
    /// </summary>
    public double MinCosine { get; set; } = 0.7;

    /// <summary>Co-occurring entities the new name and the candidate must share (0 trusts the embedding alone).</summary>
    public int MinSharedEntities { get; set; } = 1;

    /// <summary>Existing entities compared with a new name at most (the person's first ones, by id).</summary>
    public int MaxCandidates { get; set; } = 5000;

    /// <summary>Name vectors kept in memory (a name's vector depends on its text only).</summary>
    public int CacheSize { get; set; } = 20_000;
}
