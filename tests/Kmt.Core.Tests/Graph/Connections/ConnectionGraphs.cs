using Kmt.Core.Graph;

namespace Kmt.Core.Tests.Graph.Connections;

/// <summary>Builds small graph snapshots for the connection tests: items, entities and tags with current edges.</summary>
internal sealed class ConnectionGraphs(string userId, DateTimeOffset start)
{
    private readonly List<GraphVertex> _vertices = [];
    private readonly List<GraphEdge> _edges = [];

    public ConnectionGraphs Item(string id, string title, int createdMinutes = 0)
    {
        _vertices.Add(Vertex(id, GraphVertexKinds.Item, title, start.AddMinutes(createdMinutes)));
        return this;
    }

    public ConnectionGraphs Entity(string id, string name, string? mergedInto = null)
    {
        _vertices.Add(Vertex(id, GraphVertexKinds.Entity, name, start) with { MergedIntoId = mergedInto });
        return this;
    }

    public ConnectionGraphs Tag(string id, string path)
    {
        _vertices.Add(Vertex(id, GraphVertexKinds.Tag, path, start));
        return this;
    }

    /// <summary>item mentions entity (closed: the edge stopped holding).</summary>
    public ConnectionGraphs Mentions(string item, string entity, bool closed = false) => Edge(GraphEdgeLabels.Mentions, item, entity, closed);

    public ConnectionGraphs Tagged(string item, string tag) => Edge(GraphEdgeLabels.Tagged, item, tag, false);

    public ConnectionGraphs LinksTo(string from, string to) => Edge(GraphEdgeLabels.LinksTo, from, to, false);

    public GraphSnapshot Build(bool truncated = false) => new(_vertices.ToList(), _edges.ToList(), truncated);

    private ConnectionGraphs Edge(string label, string from, string to, bool closed)
    {
        _edges.Add(new GraphEdge
        {
            Id = GraphIds.Edge(label, from, to, start), UserId = userId, Label = label, FromId = from, ToId = to,
            ValidFrom = start, ValidTo = closed ? start.AddMinutes(1) : null, RecordedAt = start, UpdatedAt = start,
        });
        return this;
    }

    private GraphVertex Vertex(string id, string kind, string name, DateTimeOffset at) => new()
    {
        Id = id, UserId = userId, Kind = kind, Name = name, ValidFrom = at, RecordedAt = at, UpdatedAt = at,
    };
}
