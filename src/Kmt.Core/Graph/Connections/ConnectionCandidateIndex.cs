namespace Kmt.Core.Graph.Connections;

/// <summary>
/// The graph's candidate pairs (<see cref="ConnectionScoring.GraphCandidates"/>), ranked by Adamic–Adar. A dense
/// graph yields far more pairs than are shown, so only sums are kept per pair; a pair's evidence (the entities and
/// tags both items have) is put together when it is read.
/// </summary>
public sealed class ConnectionCandidateIndex
{
    private readonly string[] _items;
    private readonly Dictionary<string, int> _itemIndex;
    private readonly int[][] _itemNeighbours;
    private readonly ConnectionNeighbour[] _neighbours;
    private readonly (long Key, double Sum)[] _ranked;
    private readonly Dictionary<long, double> _sums;
    private readonly int _maxNames;

    internal ConnectionCandidateIndex(string[] items, int[][] itemNeighbours, ConnectionNeighbour[] neighbours, Dictionary<long, double> sums, int maxNames)
    {
        _items = items;
        _itemNeighbours = itemNeighbours;
        _neighbours = neighbours;
        _sums = sums;
        _maxNames = maxNames;
        _itemIndex = new Dictionary<string, int>(items.Length, StringComparer.Ordinal);
        for (var i = 0; i < items.Length; i++)
        {
            _itemIndex[items[i]] = i;
        }

        _ranked = sums.Select(p => (p.Key, p.Value)).ToArray();
        Array.Sort(_ranked, (x, y) => y.Sum != x.Sum ? y.Sum.CompareTo(x.Sum) : x.Key.CompareTo(y.Key));
    }

    /// <summary>Pairs found.</summary>
    public int Count => _ranked.Length;

    /// <summary>The best <paramref name="count"/> pairs, the highest Adamic–Adar sum first (ties by the pair's ids).</summary>
    public IReadOnlyList<ConnectionCandidate> Top(int count) => _ranked.Take(Math.Max(0, count)).Select(p => Materialise(p.Key, p.Sum)).ToList();

    /// <summary>The pair of the two items (either order), or null when the graph does not suggest it.</summary>
    public ConnectionCandidate? Find(string a, string b) =>
        _itemIndex.TryGetValue(a, out var i) && _itemIndex.TryGetValue(b, out var j) && i != j && _sums.TryGetValue(Key(i, j), out var sum)
            ? Materialise(Key(i, j), sum)
            : null;

    /// <summary>Items are numbered in ordinal order of their ids, so the smaller number is the pair's first id.</summary>
    internal static long Key(int i, int j) => i < j ? ((long)i << 32) | (uint)j : ((long)j << 32) | (uint)i;

    private ConnectionCandidate Materialise(long key, double sum)
    {
        var (a, b) = ((int)(key >> 32), (int)(key & 0xFFFFFFFF));
        var shared = _itemNeighbours[a].Intersect(_itemNeighbours[b]).Select(n => _neighbours[n]).Where(n => n.Weight > 0)
            .OrderByDescending(n => n.Weight).ThenBy(n => n.Name, StringComparer.Ordinal).ToList();
        List<string> Names(bool entities) => shared.Where(n => n.IsEntity == entities).Select(n => n.Name).Distinct(StringComparer.Ordinal).Take(_maxNames).ToList();
        return new ConnectionCandidate(_items[a], _items[b], sum, Names(true), Names(false));
    }
}
