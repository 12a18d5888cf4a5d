namespace Kmt.Core.Knowledge;

/// <summary>
/// Kmt:AccessCounting: how reads of an item are counted (docs/design/storage.md, "Access counts").
/// A GET adds to an in-memory tally; a background flusher writes the tallies to the store every
/// <see cref="FlushInterval"/>, sooner when <see cref="MaxPendingItems"/> items are waiting, and on shutdown.
/// </summary>
public sealed class AccessCountingOptions
{
    public const string Section = "Kmt:AccessCounting";

    /// <summary>False: every GET writes its access to the store before answering (the old, synchronous way).</summary>
    public bool Batched { get; set; } = true;

    /// <summary>How long an access may wait in memory: what a crash (not a shutdown) can lose.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Distinct items waiting that make the flusher write at once, before the interval ends.</summary>
    public int MaxPendingItems { get; set; } = 5_000;

    /// <summary>Tallies written at a time (one SQLite transaction; concurrent Cosmos DB patches).</summary>
    public int FlushBatchSize { get; set; } = 500;
}
