namespace Kmt.Testing.Gremlin.Graph;

/// <summary>An edge; like Cosmos, it lives in the partition of its source (out) vertex.</summary>
public sealed class TestEdge
{
    public TestEdge(string id, string label, TestVertex outV, TestVertex inV)
    {
        Id = id;
        Label = label;
        OutV = outV;
        InV = inV;
    }

    public string Id { get; }

    public string Label { get; }

    public TestVertex OutV { get; }

    public TestVertex InV { get; }

    public Dictionary<string, object> Properties { get; } = new(StringComparer.Ordinal);

    public override string ToString() => $"e[{Id}][{OutV.Id}-{Label}->{InV.Id}]";
}
