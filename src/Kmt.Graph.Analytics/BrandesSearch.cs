namespace Kmt.Graph.Analytics;

/// <summary>
/// One thread's reusable buffers for Brandes' single-source phase (BFS or Dijkstra) and the
/// dependency accumulation. Predecessors are not stored: a neighbour v of w is a predecessor when
/// <c>dist[v] + len(v, w) == dist[w]</c>, recomputed with the same floating-point operation the
/// search used, so the answer is the one the search saw.
/// </summary>
internal sealed class BrandesSearch
{
    private readonly WeightedGraph _g;
    private readonly EdgeCost _cost;
    private readonly double[] _dist;
    private readonly double[] _sigma;
    private readonly double[] _delta;
    private readonly int[] _order;
    private readonly int[] _queue;
    private readonly MinHeap _heap;

    public BrandesSearch(WeightedGraph graph, EdgeCost cost)
    {
        _g = graph;
        _cost = cost;
        var n = graph.NodeCount;
        _dist = new double[n];
        _sigma = new double[n];
        _delta = new double[n];
        _order = new int[n];
        _queue = new int[n];
        _heap = new MinHeap(Math.Max(16, graph.Targets.Length));
        Array.Fill(_dist, double.PositiveInfinity);
    }

    /// <summary>Adds source <paramref name="s"/>'s dependencies to <paramref name="bc"/>.</summary>
    public void Accumulate(int s, double[] bc)
    {
        var count = _cost == EdgeCost.Hops ? Bfs(s) : Dijkstra(s);
        var off = _g.Offsets;
        var tgt = _g.Targets;
        var wts = _g.Weights;
        for (var p = count - 1; p >= 0; p--)
        {
            var w = _order[p];
            var coeff = (1 + _delta[w]) / _sigma[w];
            var dw = _dist[w];
            for (var j = off[w]; j < off[w + 1]; j++)
            {
                var v = tgt[j];
                if (v == w)
                {
                    continue;
                }

                var len = Length(wts[j]);
                if (len > 0 && _dist[v] < dw && _dist[v] + len == dw)
                {
                    _delta[v] += _sigma[v] * coeff;
                }
            }

            if (w != s)
            {
                bc[w] += _delta[w];
            }
        }

        for (var p = 0; p < count; p++)
        {
            var v = _order[p];
            _dist[v] = double.PositiveInfinity;
            _sigma[v] = 0;
            _delta[v] = 0;
        }
    }

    private double Length(double weight) => _cost switch
    {
        EdgeCost.Hops => 1,
        EdgeCost.Weight => weight,
        _ => weight > 0 ? 1 / weight : 0,
    };

    private int Bfs(int s)
    {
        var off = _g.Offsets;
        var tgt = _g.Targets;
        int head = 0, tail = 0;
        _dist[s] = 0;
        _sigma[s] = 1;
        _queue[tail++] = s;
        while (head < tail)
        {
            var v = _queue[head++];
            var dv = _dist[v];
            var sv = _sigma[v];
            for (var j = off[v]; j < off[v + 1]; j++)
            {
                var w = tgt[j];
                if (double.IsPositiveInfinity(_dist[w]))
                {
                    _dist[w] = dv + 1;
                    _queue[tail++] = w;
                }

                if (_dist[w] == dv + 1)
                {
                    _sigma[w] += sv;
                }
            }
        }

        // BFS order is already non-decreasing distance.
        Array.Copy(_queue, _order, tail);
        return tail;
    }

    private int Dijkstra(int s)
    {
        var off = _g.Offsets;
        var tgt = _g.Targets;
        var wts = _g.Weights;
        var count = 0;
        _heap.Clear();
        _dist[s] = 0;
        _sigma[s] = 1;
        _heap.Push(0, s);
        var settledMark = _delta; // reuse: -1 marks settled during the search, reset to 0 below
        while (_heap.TryPop(out var d, out var v))
        {
            if (settledMark[v] < 0 || d > _dist[v])
            {
                continue;
            }

            settledMark[v] = -1;
            _order[count++] = v;
            for (var j = off[v]; j < off[v + 1]; j++)
            {
                var w = tgt[j];
                var len = Length(wts[j]);
                if (w == v || len <= 0 || settledMark[w] < 0)
                {
                    continue;
                }

                var nd = d + len;
                if (nd < _dist[w])
                {
                    _dist[w] = nd;
                    _sigma[w] = _sigma[v];
                    _heap.Push(nd, w);
                }
                else if (nd == _dist[w])
                {
                    _sigma[w] += _sigma[v];
                }
            }
        }

        for (var p = 0; p < count; p++)
        {
            settledMark[_order[p]] = 0;
        }

        return count;
    }
}
