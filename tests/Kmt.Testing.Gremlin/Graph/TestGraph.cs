namespace Kmt.Testing.Gremlin.Graph;

/// <summary>
/// The in-memory, partitioned property graph behind the test endpoint. Vertex identity is (partition key, id);
/// an id alone may match vertices in several partitions. Guarded by one lock: the endpoint runs one script at
/// a time.
/// </summary>
public sealed class TestGraph
{
    private readonly Dictionary<(string Pk, string Id), TestVertex> _vertices = [];
    private readonly Dictionary<(string Pk, string Id), TestEdge> _edges = [];

    public TestGraph(string partitionKeyProperty) => PartitionKeyProperty = partitionKeyProperty;

    /// <summary>The vertex property that holds the partition key (the graph's /pk path).</summary>
    public string PartitionKeyProperty { get; }

    public object Sync { get; } = new();

    public IEnumerable<TestVertex> Vertices => _vertices.Values;

    public IEnumerable<TestEdge> Edges => _edges.Values;

    public int VertexCount
    {
        get
        {
            lock (Sync)
            {
                return _vertices.Count;
            }
        }
    }

    public int EdgeCount
    {
        get
        {
            lock (Sync)
            {
                return _edges.Count;
            }
        }
    }

    public TestVertex? Find(string pk, string id) => _vertices.GetValueOrDefault((pk, id));

    public IEnumerable<TestVertex> FindById(string id) => _vertices.Values.Where(v => v.Id == id);

    public IEnumerable<TestEdge> FindEdgeById(string id) => _edges.Values.Where(e => e.Id == id);

    public bool TryAdd(TestVertex vertex) => _vertices.TryAdd((vertex.PartitionKey, vertex.Id), vertex);

    public bool TryAdd(TestEdge edge)
    {
        if (!_edges.TryAdd((edge.OutV.PartitionKey, edge.Id), edge))
        {
            return false;
        }

        edge.OutV.OutEdges.Add(edge);
        edge.InV.InEdges.Add(edge);
        return true;
    }

    public void Remove(TestEdge edge)
    {
        if (_edges.Remove((edge.OutV.PartitionKey, edge.Id)))
        {
            edge.OutV.OutEdges.Remove(edge);
            edge.InV.InEdges.Remove(edge);
        }
    }

    public void Remove(TestVertex vertex)
    {
        foreach (var edge in vertex.OutEdges.Concat(vertex.InEdges).ToList())
        {
            Remove(edge);
        }

        _vertices.Remove((vertex.PartitionKey, vertex.Id));
    }
}
