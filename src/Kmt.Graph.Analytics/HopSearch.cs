namespace Kmt.Graph.Analytics;

/// <summary>
/// Bidirectional BFS with reusable buffers (generation stamps instead of clearing): it always
/// expands the side whose frontier has fewer adjacency slots, and finishes that level before
/// stopping so the meeting found is a shortest one.
/// </summary>
internal sealed class HopSearch
{
    private readonly WeightedGraph _g;
    private readonly int[] _stampF;
    private readonly int[] _stampB;
    private readonly int[] _parentF;
    private readonly int[] _parentB;
    private readonly int[] _distF;
    private readonly int[] _distB;
    private int[] _frontF;
    private int[] _frontB;
    private int[] _next;
    private int _stamp;

    public HopSearch(WeightedGraph graph)
    {
        _g = graph;
        var n = graph.NodeCount;
        _stampF = new int[n];
        _stampB = new int[n];
        _parentF = new int[n];
        _parentB = new int[n];
        _distF = new int[n];
        _distB = new int[n];
        _frontF = new int[n];
        _frontB = new int[n];
        _next = new int[n];
    }

    public int Distance(int s, int t) => Search(s, t, out _, out _);

    public GraphPath? Path(int s, int t)
    {
        ShortestPaths.CheckNode(_g, s);
        ShortestPaths.CheckNode(_g, t);
        var hops = Search(s, t, out var a, out var b);
        if (hops < 0)
        {
            return null;
        }

        if (hops == 0)
        {
            // Search returns before it touches the parent arrays when s == t: they may hold a previous search's pointers.
            return new GraphPath([s], 0);
        }

        var path = new List<int>(hops + 1);
        for (var v = a; v >= 0; v = _parentF[v])
        {
            path.Add(v);
        }

        path.Reverse();
        if (b != a)
        {
            for (var v = b; v >= 0; v = _parentB[v])
            {
                path.Add(v);
            }
        }

        return new GraphPath([.. path], hops);
    }

    /// <summary>Hop count, or -1; <paramref name="meetF"/>-<paramref name="meetB"/> is the meeting edge (equal when s == t).</summary>
    private int Search(int s, int t, out int meetF, out int meetB)
    {
        meetF = meetB = s;
        if (s == t)
        {
            return 0;
        }

        if (++_stamp == int.MaxValue)
        {
            Array.Clear(_stampF);
            Array.Clear(_stampB);
            _stamp = 1;
        }

        var off = _g.Offsets;
        var tgt = _g.Targets;
        _stampF[s] = _stamp;
        _distF[s] = 0;
        _parentF[s] = -1;
        _stampB[t] = _stamp;
        _distB[t] = 0;
        _parentB[t] = -1;
        _frontF[0] = s;
        _frontB[0] = t;
        int nf = 1, nb = 1;
        long workF = off[s + 1] - off[s], workB = off[t + 1] - off[t];
        var best = int.MaxValue;
        while (nf > 0 && nb > 0)
        {
            var forward = workF <= workB;
            var front = forward ? _frontF : _frontB;
            var count = forward ? nf : nb;
            var stampMine = forward ? _stampF : _stampB;
            var stampOther = forward ? _stampB : _stampF;
            var distMine = forward ? _distF : _distB;
            var distOther = forward ? _distB : _distF;
            var parentMine = forward ? _parentF : _parentB;
            var next = _next;
            var nn = 0;
            long work = 0;
            for (var p = 0; p < count; p++)
            {
                var v = front[p];
                var dv = distMine[v];
                for (var j = off[v]; j < off[v + 1]; j++)
                {
                    var w = tgt[j];
                    if (stampOther[w] == _stamp)
                    {
                        var total = dv + 1 + distOther[w];
                        if (total < best)
                        {
                            best = total;
                            (meetF, meetB) = forward ? (v, w) : (w, v);
                        }
                    }

                    if (stampMine[w] != _stamp)
                    {
                        stampMine[w] = _stamp;
                        distMine[w] = dv + 1;
                        parentMine[w] = v;
                        next[nn++] = w;
                        work += off[w + 1] - off[w];
                    }
                }
            }

            if (best != int.MaxValue)
            {
                return best;
            }

            _next = front;
            if (forward)
            {
                _frontF = next;
                nf = nn;
                workF = work;
            }
            else
            {
                _frontB = next;
                nb = nn;
                workB = work;
            }
        }

        return -1;
    }
}
