using System.Text.Json;
using Kmt.Graph.Analytics;

namespace Kmt.Graph.Analytics.Tests;

/// <summary>
/// One case of Fixtures/networkx-fixtures.json: a small graph and NetworkX 2.8.8's answers on it,
/// generated once by Fixtures/make_fixtures.py.
/// </summary>
public sealed class NetworkXFixture
{
    private static readonly Lazy<Dictionary<string, NetworkXFixture>> All = new(Load);

    private NetworkXFixture(JsonElement e)
    {
        Name = e.GetProperty("name").GetString()!;
        Root = e;
        var builder = new WeightedGraphBuilder();
        foreach (var n in e.GetProperty("nodes").EnumerateArray())
        {
            builder.AddNode(n.GetString()!);
        }

        foreach (var edge in e.GetProperty("edges").EnumerateArray())
        {
            builder.AddEdge(edge[0].GetString()!, edge[1].GetString()!, edge[2].GetDouble());
        }

        Graph = builder.Build(DuplicateEdgePolicy.Last);
    }

    public string Name { get; }

    public JsonElement Root { get; }

    public WeightedGraph Graph { get; }

    public static IEnumerable<object[]> Names => All.Value.Keys.Select(k => new object[] { k });

    public static NetworkXFixture Get(string name) => All.Value[name];

    public bool Has(string property) => Root.TryGetProperty(property, out _);

    /// <summary>A per-node map of the fixture as a dense array in the graph's node order.</summary>
    public double[] PerNode(string property)
    {
        var map = Root.GetProperty(property);
        var result = new double[Graph.NodeCount];
        for (var i = 0; i < Graph.NodeCount; i++)
        {
            result[i] = map.GetProperty(Graph.IdOf(i)).GetDouble();
        }

        return result;
    }

    /// <summary>Hop distance from NetworkX, or -1 when it found no path.</summary>
    public int Hops(string source, string target) =>
        Root.GetProperty("hops").GetProperty(source).TryGetProperty(target, out var d) ? d.GetInt32() : -1;

    private static Dictionary<string, NetworkXFixture> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "networkx-fixtures.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("cases").EnumerateArray()
            .Select(c => new NetworkXFixture(c.Clone()))
            .ToDictionary(f => f.Name);
    }
}
