namespace Kmt.Core.Activity;

/// <summary>
/// Kmt:SearchHistory: how searches through the API become activity (docs/design/storage.md, "Search history").
/// A first-page search adds its activity to an in-memory buffer (<see cref="PendingSearches"/>); a
/// background flusher writes it every <see cref="FlushInterval"/>, sooner when <see cref="MaxPending"/>
/// searches wait, and on shutdown.
/// </summary>
public sealed class SearchHistoryOptions
{
    public const string Section = "Kmt:SearchHistory";

    /// <summary>False: every first-page search writes its activity before answering (the old, synchronous way).</summary>
    public bool Batched { get; set; } = true;

    /// <summary>How long a search may wait in memory: what a crash (not a shutdown) can lose.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Searches waiting that make the flusher write at once, before the interval ends.</summary>
    public int MaxPending { get; set; } = 5_000;

    /// <summary>Activities of one person written in one call to the activity store (one SQLite transaction).</summary>
    public int FlushBatchSize { get; set; } = 500;
}
