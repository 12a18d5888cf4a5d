using Kmt.Testing.Gremlin.Graph;

namespace Kmt.Testing.Gremlin.Language;

/// <summary>Reading steps: lookups, filters, adjacency, property access.</summary>
public sealed partial class GremlinInterpreter
{
    /// <summary>V() all; V([pk, id]) a point read; V(id) every partition; a bound list holds ids or [pk, id] pairs.</summary>
    private IEnumerable<TestVertex> ResolveVertices(IReadOnlyList<ExprNode> args)
    {
        if (args.Count == 0)
        {
            return _graph.Vertices.ToList();
        }

        var found = new List<TestVertex>();
        foreach (var arg in args)
        {
            if (arg is ListNode { Items.Count: 2 } pair)
            {
                AddPair(found, Eval(pair.Items[0]), Eval(pair.Items[1]));
                continue;
            }

            var value = Eval(arg);
            foreach (var item in value is List<object?> list ? list : [value])
            {
                if (item is List<object?> { Count: 2 } p)
                {
                    AddPair(found, p[0], p[1]);
                }
                else
                {
                    found.AddRange(_graph.FindById(Values.AsId(item)));
                }
            }
        }

        return found;
    }

    private void AddPair(List<TestVertex> found, object? pk, object? id)
    {
        if (_graph.Find(Values.AsId(pk), Values.AsId(id)) is { } v)
        {
            found.Add(v);
        }
    }

    private IEnumerable<TestEdge> ResolveEdges(IReadOnlyList<ExprNode> args)
    {
        if (args.Count == 0)
        {
            return _graph.Edges.ToList();
        }

        return args.Select(Eval)
            .SelectMany(v => v is List<object?> l ? l : [v])
            .SelectMany(id => _graph.FindEdgeById(Values.AsId(id)))
            .ToList();
    }

    private bool Has(StepNode step, Traverser t)
    {
        var args = step.Args;
        switch (args.Count)
        {
            case 1:
                return args[0] is TokenNode || PropertyValues(t.Current, Key(args, 0)).Any();
            case 2:
                return MatchProperty(t.Current, args[0], Eval(args[1]));
            case 3:
                return Values.AreEqual(Label(t.Current), Eval(args[0])) && MatchProperty(t.Current, args[1], Eval(args[2]));
            default:
                throw GremlinError.Compile("Gremlin Query Compilation Error: has() takes 1 to 3 arguments.");
        }
    }

    private bool MatchProperty(object? element, ExprNode keyNode, object? expected)
    {
        IEnumerable<object?> values = keyNode is TokenNode { Name: "id" } ? [ElementId(element)]
            : keyNode is TokenNode { Name: "label" } ? [Label(element)]
            : PropertyValues(element, AsString(Eval(keyNode)));
        return values.Any(v => Test(expected, v));
    }

    private static IEnumerable<object> Adjacent(StepNode step, object? current)
    {
        if (current is not TestVertex v)
        {
            throw GremlinError.Runtime($"{step.Name}() needs a vertex.");
        }

        var labels = step.Args.Count == 0 ? null : step.Args.Select(a => a is LiteralNode { Value: string s } ? s : null).ToHashSet();
        bool Wanted(TestEdge e) => labels is null || labels.Contains(e.Label);
        return step.Name switch
        {
            "out" => v.OutEdges.Where(Wanted).Select(e => (object)e.InV),
            "in" => v.InEdges.Where(Wanted).Select(e => (object)e.OutV),
            "both" => v.OutEdges.Where(Wanted).Select(e => (object)e.InV).Concat(v.InEdges.Where(Wanted).Select(e => e.OutV)),
            "outE" => v.OutEdges.Where(Wanted),
            "inE" => v.InEdges.Where(Wanted),
            _ => v.OutEdges.Where(Wanted).Concat(v.InEdges.Where(Wanted)),
        };
    }

    private static IEnumerable<object> EdgeEnds(string step, Traverser t)
    {
        if (t.Current is not TestEdge e)
        {
            throw GremlinError.Runtime($"{step}() needs an edge.");
        }

        switch (step)
        {
            case "inV":
                return [e.InV];
            case "outV":
                return [e.OutV];
            case "bothV":
                return [e.OutV, e.InV];
            default:
                var previous = t.Path.Count >= 2 ? t.Path[^2].Value : null;
                return [ReferenceEquals(previous, e.InV) ? e.OutV : e.InV];
        }
    }

    private IEnumerable<object> PropertyValues(object? element, string key) => element switch
    {
        TestVertex v when key == "id" => [v.Id],
        TestVertex v => v.Properties.TryGetValue(key, out var values) ? values : [],
        TestEdge e when key == "id" => [e.Id],
        TestEdge e => e.Properties.TryGetValue(key, out var value) ? [value] : [],
        IDictionary<string, object?> map => map.TryGetValue(key, out var value) && value is not null ? [value] : [],
        _ => throw GremlinError.Runtime($"The traverser holds a {element?.GetType().Name ?? "null"}, which has no properties."),
    };

    private IEnumerable<string> Keys(IReadOnlyList<ExprNode> args, object? element) =>
        args.Count > 0 ? args.Select(a => AsString(Eval(a))) : element switch
        {
            TestVertex v => v.Properties.Keys.ToList(),
            TestEdge e => e.Properties.Keys.ToList(),
            _ => [],
        };

    private string Key(IReadOnlyList<ExprNode> args, int index) => AsString(Eval(args[index]));

    private Dictionary<string, object?> ValueMap(StepNode step, object? element)
    {
        var args = step.Args.ToList();
        var withTokens = args.Count > 0 && args[0] is LiteralNode { Value: bool b } && b;
        if (args.Count > 0 && args[0] is LiteralNode { Value: bool })
        {
            args.RemoveAt(0);
        }

        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (withTokens)
        {
            map["id"] = ElementId(element);
            map["label"] = Label(element);
        }

        foreach (var key in Keys(args, element))
        {
            var values = PropertyValues(element, key).ToList();
            if (values.Count > 0)
            {
                map[key] = element is TestVertex ? values : values[0];
            }
        }

        return map;
    }

    private static object ElementId(object? element) => element switch
    {
        TestVertex v => v.Id,
        TestEdge e => e.Id,
        _ => throw GremlinError.Runtime("id() needs a vertex or an edge."),
    };

    private static string Label(object? element) => element switch
    {
        TestVertex v => v.Label,
        TestEdge e => e.Label,
        _ => throw GremlinError.Runtime("label() needs a vertex or an edge."),
    };

    private static IEnumerable<Traverser> Unfold(Traverser t) => t.Current switch
    {
        List<object?> list => list.Select(t.Move),
        IDictionary<string, object?> map => map.Select(kv => t.Move(new Dictionary<string, object?> { [kv.Key] = kv.Value })),
        _ => [t],
    };

    private List<Traverser> Range(StepNode step, List<Traverser> cur)
    {
        var low = (int)AsLong(Eval(step.Args[0]));
        var high = AsLong(Eval(step.Args[1]));
        var rest = cur.Skip(low);
        return (high < 0 ? rest : rest.Take((int)high - low)).ToList();
    }

    private List<Traverser> Select(StepNode step, List<Traverser> cur)
    {
        var keys = step.Args.Select(a => AsString(Eval(a))).ToList();
        var result = new List<Traverser>();
        foreach (var t in cur)
        {
            var picked = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var key in keys)
            {
                if (t.Current is IDictionary<string, object?> map && map.TryGetValue(key, out var fromMap))
                {
                    picked[key] = fromMap;
                }
                else if (t.Path.LastOrDefault(p => p.Labels.Contains(key)) is { } entry)
                {
                    picked[key] = entry.Value;
                }
            }

            if (picked.Count == keys.Count)
            {
                result.Add(t.Move(keys.Count == 1 ? picked[keys[0]] : picked));
            }
        }

        return result;
    }
}
