namespace Kmt.Graph.Analytics.Knowledge;

/// <summary>
/// Limits of the graph analytics routes (configuration section "Kmt:GraphAnalytics"; docs/api.md,
/// "Knowledge graph" documents the defaults). Analytics run in KMT's code over the caller's current
/// subgraph, read in one bounded snapshot query, because Cosmos DB's Gremlin API has no graph-computer steps.
/// </summary>
public sealed class GraphAnalyticsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Kmt:GraphAnalytics";

    /// <summary>Vertices the one snapshot query reads at most; a larger graph is analysed truncated (and says so).</summary>
    public int MaxVertices { get; set; } = 5000;

    /// <summary>Entities GET graph/entities returns without a limit parameter.</summary>
    public int DefaultEntities { get; set; } = 50;

    /// <summary>The largest limit GET graph/entities accepts.</summary>
    public int MaxEntities { get; set; } = 500;

    /// <summary>Months (the current one included) the growing/fading trend looks back over.</summary>
    public int TrendMonths { get; set; } = 6;

    /// <summary>Relative monthly slope beyond which an entity or community is growing or fading.</summary>
    public double TrendThreshold { get; set; } = 0.05;

    /// <summary>Months an entity's timeline shows at most (from its first mention).</summary>
    public int TimelineMonths { get; set; } = 24;

    /// <summary>Entities whose names make up a community's name.</summary>
    public int CommunityNameEntities { get; set; } = 3;

    /// <summary>Entities listed per community at most (the highest ranked).</summary>
    public int MaxCommunityMembers { get; set; } = 50;

    /// <summary>
    /// Users whose analysed graph (with PageRank and communities) stays in memory between requests,
    /// reused until their graph version changes; 0 turns the cache off.
    /// </summary>
    public int CachedGraphs { get; set; } = 16;
}
