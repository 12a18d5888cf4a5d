namespace Kmt.Core.Graph;

/// <summary>
/// The knowledge graph's limits and schedule (configuration section "Kmt:Graph"); docs/api.md
/// ("Knowledge graph") documents the API's defaults.
/// </summary>
public sealed class GraphOptions
{
    public const string Section = "Kmt:Graph";

    /// <summary>The queue that carries item changes to the graph applier.</summary>
    public const string ChangesQueue = "graph-changes";

    /// <summary>Vertices GET graph returns without a limit parameter.</summary>
    public int DefaultLimit { get; set; } = 200;

    /// <summary>The largest limit GET graph accepts.</summary>
    public int MaxLimit { get; set; } = 2000;

    /// <summary>Hops around a center without a depth parameter.</summary>
    public int DefaultDepth { get; set; } = 2;

    /// <summary>The largest depth GET graph accepts (at most 32, Cosmos DB's Gremlin repeat limit).</summary>
    public int MaxDepth { get; set; } = 6;

    /// <summary>Named entities taken from one item.</summary>
    public int MaxEntitiesPerItem { get; set; } = 30;

    /// <summary>Key phrases (as concept entities) taken from one item.</summary>
    public int MaxKeyPhrasesPerItem { get; set; } = 10;

    /// <summary>A pending change older than this is the reconciliation's (the queue normally applies it in seconds).</summary>
    public TimeSpan ReconcileAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The reconciliation's timer (six-field NCRONTAB, UTC; nightly). The Functions host reads the app setting
    /// Kmt:Graph:ReconcileSchedule itself ([TimerTrigger("%Kmt:Graph:ReconcileSchedule%")]); this default is documented here and in local.settings.sample.json.
    /// </summary>
    public string ReconcileSchedule { get; set; } = "0 41 2 * * *";

    /// <summary>Pending items one reconciliation run repairs at most.</summary>
    public int ReconcileBatchSize { get; set; } = 500;

    /// <summary>Relationship types: lower-case letters, digits and underscores, at most this long.</summary>
    public int RelationshipTypeMaxLength { get; set; } = 50;

    /// <summary>links_to relationships one item may have (outgoing).</summary>
    public int MaxRelationshipsPerItem { get; set; } = 500;

    /// <summary>Items that must mention both entities before they relate (relates_to; <see cref="CoOccurrenceEdges"/>).</summary>
    public int RelatesToMinItems { get; set; } = 2;

    /// <summary>
    /// Vertices each nightly derived-edge step (relates_to, similar_to, co_read) reads at most in its one
    /// snapshot; beyond it, pairs are added but none closed.
    /// </summary>
    public int CoOccurrenceMaxVertices { get; set; } = 50_000;

    /// <summary>The least cosine of two items' mean chunk vectors for a similar_to edge (<see cref="SimilarItemEdges"/>).</summary>
    public double SimilarToMinCosine { get; set; } = 0.5;

    /// <summary>Nearest items each item keeps as similar_to (a pair holds when either keeps the other).</summary>
    public int SimilarToTopK { get; set; } = 5;

    /// <summary>Reading sessions starting within this of the previous one's end are one sitting (co_read; <see cref="CoReadEdges"/>).</summary>
    public TimeSpan CoReadSittingGap { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Sittings that must hold both items before they are co_read.</summary>
    public int CoReadMinSessions { get; set; } = 2;

    /// <summary>
    /// Pending items of one person that one graph-changes message applies together (the live path's batch,
    /// <see cref="GraphChangeApplier.ApplyPendingAsync"/>); 1 applies only the message's item.
    /// </summary>
    public int LiveBatchSize { get; set; } = 100;

    /// <summary>The longest entity name POST graph/entities/{id}/split accepts.</summary>
    public int MaxEntityNameLength { get; set; } = 200;

    /// <summary>Items of one sitting paired at most (the first read), bounding the pairs one long sitting adds.</summary>
    public int CoReadMaxItemsPerSitting { get; set; } = 20;
}
