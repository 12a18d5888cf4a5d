namespace Kmt.Core.Knowledge.Search;

/// <summary>Configuration section "Kmt:Search": hybrid retrieval and related notes (docs/design/storage.md, "Search modes").</summary>
public sealed class SearchOptions
{
    public const string Section = "Kmt:Search";

    /// <summary>Items each ranking (BM25, vectors) contributes before fusion; a hybrid or semantic search pages within them.</summary>
    public int CandidatePool { get; set; } = 100;

    /// <summary>
    /// How hybrid search merges its two rankings: Scores (the default, <see cref="ScoreFusion"/>) or Rrf (reciprocal
    /// rank fusion with <see cref="RankConstant"/>, <see cref="KeywordWeight"/> and <see cref="SemanticWeight"/>).
    /// On the search-quality bench score fusion gained about 0.03 MRR@10 over RRF on both halves (bench/README.md).
    /// </summary>
    public FusionMethod Fusion { get; set; } = FusionMethod.Scores;

    /// <summary>
    /// Score fusion's weight w of the keyword score (BM25 over the best one of the ranking, 0-1); the best chunk's
    /// cosine similarity weighs 1 - w. 0.2 was chosen on the bench's tune half (0.15-0.3 within a hundredth there).
    /// </summary>
    public double KeywordScoreWeight { get; set; } = 0.2;

    /// <summary>
    /// Score fusion's first candidates whose titles are embedded at search time and weighed in (<see cref="TitleRerank"/>);
    /// 0 turns it off. 5, 10 and 20 scored alike on the bench's tune half; each title not cached costs a model run (about 2 ms each).
    /// </summary>
    public int TitleRerankDepth { get; set; } = 5;

    /// <summary>Weight t of the title's cosine within the cosine term of those candidates (0.1 of 0.1-0.2 on the bench's tune half).</summary>
    public double TitleSimilarityWeight { get; set; } = 0.1;

    /// <summary>
    /// The rank constant k of reciprocal rank fusion, 1 / (k + rank). 60 is the value of Cormack et al. (2009) and Cosmos DB's RRF;
    /// k 10-20 was a little better on the bench's tune half but not on its check half (bench/README.md), so it stays.
    /// </summary>
    public int RankConstant { get; set; } = 60;

    /// <summary>Weight of the keyword ranking in the fusion (tuned on bench/Kmt.Bench.SearchQuality).</summary>
    public double KeywordWeight { get; set; } = 1.0;

    /// <summary>Weight of the semantic ranking in the fusion.</summary>
    public double SemanticWeight { get; set; } = 1.0;

    /// <summary>BM25 weight of a term matched in the title (tried on bench/Kmt.Bench.SearchQuality, where 1-5 differ by under a hundredth; a title match must still outrank one mention deep in the content).</summary>
    public double TitleWeight { get; set; } = 5.0;

    /// <summary>BM25 weight of a term matched in the content.</summary>
    public double ContentWeight { get; set; } = 1.0;

    /// <summary>BM25 weight of a term matched in the tags.</summary>
    public double TagsWeight { get; set; } = 2.0;

    /// <summary>
    /// Add each pair of adjacent words the person typed as a phrase (AnyTermQuery): an item holding them next
    /// to each other gains the phrase's BM25 score too (proximity), at the cost of counting those words twice.
    /// Turning them off helped the bench's tune half but cost keyword MRR on its check half (bench/README.md), so they stay on.
    /// </summary>
    public bool AdjacentPhrases { get; set; } = true;

    /// <summary>The column weights as the store takes them.</summary>
    public SearchFieldWeights FieldWeights() => new(TitleWeight, ContentWeight, TagsWeight);

    /// <summary>Semantic candidates below this cosine similarity are not results (MiniLM puts unrelated text near 0-0.2).</summary>
    public double MinSimilarity { get; set; } = 0.2;

    /// <summary>Related notes below this cosine similarity are not shown.</summary>
    public double RelatedMinSimilarity { get; set; } = 0.3;

    /// <summary>Default and largest limit of GET knowledge/{id}/related.</summary>
    public int RelatedDefaultLimit { get; set; } = 10;

    public int RelatedMaxLimit { get; set; } = 50;

    /// <summary>
    /// Query vectors kept (QueryEmbeddingCache, least recently used out first): people repeat and refine
    /// searches and page through results, and embedding the query is most of a semantic search's CPU. 0: none.
    /// </summary>
    public int QueryEmbeddingCacheSize { get; set; } = 1024;

    /// <summary>Characters of the matching passage a semantic hit or a related note shows.</summary>
    public int PassageCharacters { get; set; } = 240;
}
