using System.Collections.Concurrent;

namespace Kmt.Graph.Analytics.Knowledge;

/// <summary>
/// The last analysed graph of a few users, each with its graph version (IGraphStore.GetVersionAsync)
/// and its PageRank and Louvain results computed once on first use. A version that differs from the
/// store's means a write happened: the entry is replaced. At most <see cref="GraphAnalyticsOptions.CachedGraphs"/>
/// users are kept (the least recently used goes first), because one 10,000-item graph holds about a
/// hundred thousand edge records in memory.
/// </summary>
internal sealed class AnalysisCache
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public Entry? Get(string userId, string version)
    {
        if (_entries.TryGetValue(userId, out var entry) && entry.Version == version)
        {
            entry.LastUsed = Environment.TickCount64;
            return entry;
        }

        return null;
    }

    public Entry Put(string userId, string version, AnalysedGraph analysed, int capacity)
    {
        var entry = new Entry(version, analysed) { LastUsed = Environment.TickCount64 };
        _entries[userId] = entry;
        while (_entries.Count > Math.Max(1, capacity))
        {
            var oldest = _entries.MinBy(p => p.Value.LastUsed);
            _entries.TryRemove(oldest);
        }

        return entry;
    }

    /// <summary>One user's analysed graph at one version; the algorithms run lazily, once, on whichever request needs them first.</summary>
    internal sealed class Entry(string? version, AnalysedGraph analysed)
    {
        private readonly Lazy<PageRankResult> _pageRank = new(() => PageRank.Compute(analysed.Graph));
        private readonly Lazy<CommunityResult> _communities = new(() => Louvain.Detect(analysed.Graph));

        public string? Version { get; } = version;

        public AnalysedGraph Analysed { get; } = analysed;

        public long LastUsed { get; set; }

        public double[] PageRankScores => _pageRank.Value.Scores;

        public CommunityResult Communities => _communities.Value;
    }
}
