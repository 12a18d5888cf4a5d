using Kmt.Core.Graph;

namespace Kmt.Graph.Analytics.Knowledge;

/// <summary>
/// A snapshot turned into a <see cref="WeightedGraph"/>: every vertex but communities and merged
/// entities, every visible edge between them but member_of (communities are what analytics
/// compute, not input), undirected, repeated pairs summed.
/// </summary>
internal sealed class AnalysedGraph
{
    private AnalysedGraph(GraphSnapshot snapshot, WeightedGraph graph, Dictionary<string, GraphVertex> vertices, List<GraphEdge> edges)
    {
        Snapshot = snapshot;
        Graph = graph;
        Vertices = vertices;
        Edges = edges;
    }

    public GraphSnapshot Snapshot { get; }

    public WeightedGraph Graph { get; }

    public Dictionary<string, GraphVertex> Vertices { get; }

    /// <summary>The edges that made the graph.</summary>
    public List<GraphEdge> Edges { get; }

    public static AnalysedGraph From(GraphSnapshot snapshot)
    {
        var builder = new WeightedGraphBuilder();
        var vertices = new Dictionary<string, GraphVertex>(StringComparer.Ordinal);
        foreach (var v in snapshot.Vertices)
        {
            if (v.Kind != GraphVertexKinds.Community && v.MergedIntoId is null)
            {
                vertices[v.Id] = v;
                builder.AddNode(v.Id);
            }
        }

        var edges = new List<GraphEdge>();
        foreach (var e in snapshot.Edges)
        {
            if (e.Label != GraphEdgeLabels.MemberOf && vertices.ContainsKey(e.FromId) && vertices.ContainsKey(e.ToId)
                && double.IsFinite(e.Weight) && e.Weight >= 0)
            {
                builder.AddEdge(e.FromId, e.ToId, e.Weight);
                edges.Add(e);
            }
        }

        return new AnalysedGraph(snapshot, builder.Build(), vertices, edges);
    }

    public bool IsEntity(string id) => Vertices.TryGetValue(id, out var v) && v.Kind == GraphVertexKinds.Entity;

    public bool IsItem(string id) => Vertices.TryGetValue(id, out var v) && v.Kind == GraphVertexKinds.Item;
}
