namespace Kmt.Graph.Analytics;

/// <summary>
/// An immutable, undirected, weighted graph in compressed sparse row form: node ids are mapped to
/// dense ints <c>0..NodeCount-1</c> (in order of first appearance), and the neighbours of node
/// <c>i</c> are <c>Targets[Offsets[i]..Offsets[i+1]]</c>, sorted ascending, with
/// <c>Weights</c> alongside. Every undirected edge is stored in both rows; a self-loop is stored once
/// in its row, as NetworkX's adjacency matrix has it. Arrays, not objects, because every algorithm
/// here walks them millions of times (docs/design/graph.md, "Graph analytics").
/// </summary>
public sealed class WeightedGraph
{
    private readonly string[] _ids;
    private readonly Dictionary<string, int> _index;

    internal WeightedGraph(string[] ids, Dictionary<string, int> index, int[] offsets, int[] targets, double[] weights, int edgeCount)
    {
        _ids = ids;
        _index = index;
        Offsets = offsets;
        Targets = targets;
        Weights = weights;
        EdgeCount = edgeCount;
        var strength = new double[ids.Length];
        double total = 0;
        for (var i = 0; i < ids.Length; i++)
        {
            double s = 0, self = 0;
            for (var j = offsets[i]; j < offsets[i + 1]; j++)
            {
                s += weights[j];
                if (targets[j] == i)
                {
                    self += weights[j];
                }
            }

            strength[i] = s;
            total += s + self;
        }

        RowSums = strength;
        TotalWeight = total / 2;
    }

    /// <summary>The graph with no nodes.</summary>
    public static WeightedGraph Empty { get; } = new WeightedGraphBuilder().Build();

    /// <summary>Number of nodes.</summary>
    public int NodeCount => _ids.Length;

    /// <summary>Number of distinct undirected edges (a self-loop counts once).</summary>
    public int EdgeCount { get; }

    /// <summary>Sum of all edge weights, each undirected edge once (NetworkX's <c>G.size(weight)</c>).</summary>
    public double TotalWeight { get; }

    /// <summary>Row start offsets, length <c>NodeCount + 1</c>.</summary>
    public int[] Offsets { get; }

    /// <summary>Neighbour of each adjacency slot.</summary>
    public int[] Targets { get; }

    /// <summary>Weight of each adjacency slot.</summary>
    public double[] Weights { get; }

    /// <summary>Sum of each row's weights (a self-loop once): the out-weight PageRank divides by.</summary>
    internal double[] RowSums { get; }

    /// <summary>The external id of dense node <paramref name="node"/>.</summary>
    public string IdOf(int node) => _ids[node];

    /// <summary>The dense index of <paramref name="id"/>, or -1 when the graph does not have it.</summary>
    public int IndexOf(string id) => _index.TryGetValue(id, out var i) ? i : -1;

    /// <summary>Number of neighbours of <paramref name="node"/> (a self-loop counts once).</summary>
    public int Degree(int node) => Offsets[node + 1] - Offsets[node];

    /// <summary>
    /// Weighted degree as NetworkX counts it (<c>G.degree(weight=...)</c>): a self-loop counts twice.
    /// This is the degree modularity uses.
    /// </summary>
    public double WeightedDegree(int node)
    {
        var d = RowSums[node];
        for (var j = Offsets[node]; j < Offsets[node + 1]; j++)
        {
            if (Targets[j] == node)
            {
                d += Weights[j];
            }
        }

        return d;
    }

    /// <summary>The weight of edge (u, v), or null when there is none.</summary>
    public double? EdgeWeight(int u, int v)
    {
        var j = Array.BinarySearch(Targets, Offsets[u], Offsets[u + 1] - Offsets[u], v);
        return j >= 0 ? Weights[j] : null;
    }
}
