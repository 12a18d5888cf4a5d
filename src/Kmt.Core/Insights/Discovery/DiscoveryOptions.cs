namespace Kmt.Core.Insights.Discovery;

/// <summary>
/// Configuration section "Kmt:Insights:Discovery": dormant discoveries, gap forecasts,
/// recommendations and feedback (docs/design/insights.md, "Insight pipeline").
/// </summary>
public sealed class DiscoveryOptions
{
    public const string Section = "Kmt:Insights:Discovery";

    /// <summary>What counts as "what the person is doing now": reads, searches and captures this recent.</summary>
    public TimeSpan RecentWindow { get; set; } = TimeSpan.FromDays(14);

    /// <summary>An item untouched (no access, not created) for this long may be dormant.</summary>
    public TimeSpan DormantAfter { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Dormant only when the item's retrievability is at most this.</summary>
    public double MaxRetrievability { get; set; } = 0.85;

    /// <summary>Cosine similarity to recent context below which an item is not relevant (all-MiniLM-L6-v2 scale).</summary>
    public double MinSimilarity { get; set; } = 0.3;

    /// <summary>Recent contexts (reads, captures, searches) compared at most (the newest).</summary>
    public int MaxContexts { get; set; } = 50;

    public int MaxDiscoveries { get; set; } = 20;

    /// <summary>Weeks of demand history the gap forecaster fits.</summary>
    public int GapWeeks { get; set; } = 8;

    /// <summary>Exponential smoothing of the gap forecaster's level (bench/README.md, "Knowledge gaps").</summary>
    public double GapAlpha { get; set; } = 0.5;

    /// <summary>A topic with at most this many items held is thin.</summary>
    public int ThinHoldings { get; set; } = 3;

    public int MaxGaps { get; set; } = 10;

    /// <summary>
    /// What one read of an item mentioning a related entity adds to an entity's gap demand (scaled by the
    /// relates_to weight against the entity's strongest); a search for it or a read of its own items adds 1.
    /// </summary>
    public double GapNeighbourWeight { get; set; } = 0.5;

    /// <summary>Vertices of the person's graph the gap step reads at most; 0 leaves entities and communities out of gaps.</summary>
    public int GapGraphMaxVertices { get; set; } = 50_000;

    public int MaxContentRecommendations { get; set; } = 10;

    /// <summary>Topics given a learning path per run (the most demanded).</summary>
    public int MaxLearningPaths { get; set; } = 5;

    /// <summary>Steps of one learning path at most.</summary>
    public int MaxLearningSteps { get; set; } = 10;

    /// <summary>A dismissed insight is not shown again for this long, even when a run finds it again.</summary>
    public TimeSpan DismissCooldown { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Insights returned by one GET at most (and by default).</summary>
    public int MaxListed { get; set; } = 50;

    /// <summary>
    /// Items (with their vectors) of discovery inputs an instance keeps between the three discovery steps of
    /// a run (<see cref="DiscoveryInputCache"/>); about 1.6 KB each with 384-dimension vectors. 0 turns it off.
    /// </summary>
    public int InputCacheItems { get; set; } = 50_000;

    /// <summary>How long a cached discovery input is kept at most (a run's steps follow each other within seconds).</summary>
    public TimeSpan InputCacheLifetime { get; set; } = TimeSpan.FromMinutes(10);
}
