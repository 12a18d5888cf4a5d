namespace Kmt.Core.Knowledge.Search;

/// <summary>How POST knowledge/search finds items (docs/api.md, "Search").</summary>
public enum SearchMode
{
    /// <summary>BM25 and MiniLM similarity fused by reciprocal rank (<see cref="SearchFusion"/>): the default.</summary>
    Hybrid,

    /// <summary>BM25 over title (boosted), tags and content, any term matching (OR), more terms and adjacent words scoring higher.</summary>
    Keyword,

    /// <summary>The query embedded at request time against the items' chunk vectors, one hit per item (its best chunk).</summary>
    Semantic,
}
