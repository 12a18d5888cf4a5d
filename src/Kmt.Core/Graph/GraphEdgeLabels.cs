namespace Kmt.Core.Graph;

/// <summary>The edge labels of a person's knowledge graph (docs/design/graph.md, "Knowledge graph").</summary>
public static class GraphEdgeLabels
{
    /// <summary>item → entity, with <see cref="GraphEdge.Count"/> occurrences.</summary>
    public const string Mentions = "mentions";

    /// <summary>item → tag.</summary>
    public const string Tagged = "tagged";

    /// <summary>item → item, declared by the person (knowledge relationships): type, strength, metadata.</summary>
    public const string LinksTo = "links_to";

    /// <summary>item ↔ item whose embeddings are close.</summary>
    public const string SimilarTo = "similar_to";

    /// <summary>item ↔ item read in the same sessions.</summary>
    public const string CoRead = "co_read";

    /// <summary>entity ↔ entity co-occurring in items, weighted.</summary>
    public const string RelatesTo = "relates_to";

    /// <summary>entity or item → community.</summary>
    public const string MemberOf = "member_of";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Mentions, Tagged, LinksTo, SimilarTo, CoRead, RelatesTo, MemberOf,
    };
}
