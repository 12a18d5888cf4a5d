namespace Kmt.Graph.Analytics;

/// <summary>
/// Collects (u, v, weight) edges with string ids and builds a <see cref="WeightedGraph"/>. Nodes
/// get dense indices in order of first appearance, so the same input always gives the same graph.
/// </summary>
public sealed class WeightedGraphBuilder
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<string> _ids = [];
    private readonly List<int> _us = [];
    private readonly List<int> _vs = [];
    private readonly List<double> _ws = [];

    /// <summary>Number of nodes added so far.</summary>
    public int NodeCount => _ids.Count;

    /// <summary>Adds a node (an isolated one, if no edge names it) and returns its dense index.</summary>
    public int AddNode(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!_index.TryGetValue(id, out var i))
        {
            i = _ids.Count;
            _index.Add(id, i);
            _ids.Add(id);
        }

        return i;
    }

    /// <summary>Adds an undirected edge. Weights must be finite and not negative (0 is allowed).</summary>
    public WeightedGraphBuilder AddEdge(string u, string v, double weight = 1.0)
    {
        if (!double.IsFinite(weight) || weight < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "Edge weights must be finite and not negative.");
        }

        _us.Add(AddNode(u));
        _vs.Add(AddNode(v));
        _ws.Add(weight);
        return this;
    }

    /// <summary>Builds the CSR graph; repeated pairs are merged by <paramref name="duplicates"/>.</summary>
    public WeightedGraph Build(DuplicateEdgePolicy duplicates = DuplicateEdgePolicy.Sum)
    {
        var n = _ids.Count;
        var m = _us.Count;
        var count = new int[n + 1];
        for (var e = 0; e < m; e++)
        {
            count[_us[e]]++;
            if (_us[e] != _vs[e])
            {
                count[_vs[e]]++;
            }
        }

        var start = new int[n + 1];
        for (var i = 0; i < n; i++)
        {
            start[i + 1] = start[i] + count[i];
        }

        // Slots carry the edge's input order so that "last wins" is well defined after sorting.
        var total = start[n];
        var tgt = new int[total];
        var order = new int[total];
        var fill = (int[])start.Clone();
        for (var e = 0; e < m; e++)
        {
            int u = _us[e], v = _vs[e];
            tgt[fill[u]] = v;
            order[fill[u]++] = e;
            if (u != v)
            {
                tgt[fill[v]] = u;
                order[fill[v]++] = e;
            }
        }

        var offsets = new int[n + 1];
        var targets = new int[total];
        var weights = new double[total];
        var keys = new long[total];
        var k = 0;
        var selfLoops = 0;
        for (var i = 0; i < n; i++)
        {
            offsets[i] = k;
            int lo = start[i], len = start[i + 1] - start[i];
            for (var j = lo; j < lo + len; j++)
            {
                keys[j] = ((long)tgt[j] << 32) | (uint)order[j];
            }

            Array.Sort(keys, lo, len);
            for (var j = lo; j < lo + len; j++)
            {
                var t = (int)(keys[j] >> 32);
                var w = _ws[(int)(keys[j] & 0xFFFFFFFF)];
                if (k > offsets[i] && targets[k - 1] == t)
                {
                    weights[k - 1] = duplicates == DuplicateEdgePolicy.Sum ? weights[k - 1] + w : w;
                    continue;
                }

                targets[k] = t;
                weights[k++] = w;
                if (t == i)
                {
                    selfLoops++;
                }
            }
        }

        offsets[n] = k;
        Array.Resize(ref targets, k);
        Array.Resize(ref weights, k);
        var edgeCount = (k - selfLoops) / 2 + selfLoops;
        return new WeightedGraph([.. _ids], new Dictionary<string, int>(_index, StringComparer.Ordinal), offsets, targets, weights, edgeCount);
    }
}
