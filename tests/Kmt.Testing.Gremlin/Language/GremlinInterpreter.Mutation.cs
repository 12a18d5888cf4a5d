using Kmt.Testing.Gremlin.Graph;

namespace Kmt.Testing.Gremlin.Language;

/// <summary>Writing steps: addV/addE with their property/from/to, property on existing elements, drop.</summary>
public sealed partial class GremlinInterpreter
{
    private List<Traverser> AddV(StepNode step, List<StepNode> modifiers, List<Traverser> cur)
    {
        var label = step.Args.Count == 0 ? "vertex" : AsString(Eval(step.Args[0]));
        var result = new List<Traverser>();
        foreach (var t in cur)
        {
            var (id, properties) = Properties(modifiers.Where(m => m.Name == "property"));
            var pk = properties.LastOrDefault(p => p.Key == _graph.PartitionKeyProperty).Value
                ?? throw GremlinError.Runtime($"Cannot add a vertex where the partition key property has value 'null' (set '{_graph.PartitionKeyProperty}').");
            var vertex = new TestVertex(id ?? Guid.NewGuid().ToString(), label, Values.AsId(pk));
            foreach (var (key, value, list) in properties)
            {
                if (list)
                {
                    vertex.Append(key, value);
                }
                else
                {
                    vertex.SetSingle(key, value);
                }
            }

            if (!_graph.TryAdd(vertex))
            {
                throw GremlinError.Conflict($"Resource with specified id or name already exists: vertex '{vertex.Id}' in partition '{vertex.PartitionKey}'.");
            }

            Writes++;
            result.Add(t.Move(vertex));
        }

        return result;
    }

    private List<Traverser> AddE(StepNode step, List<StepNode> modifiers, List<Traverser> cur)
    {
        var label = AsString(Eval(Single(step)));
        var result = new List<Traverser>();
        foreach (var t in cur)
        {
            var from = EdgeEnd(modifiers.LastOrDefault(m => m.Name == "from"), t, "from");
            var to = EdgeEnd(modifiers.LastOrDefault(m => m.Name == "to"), t, "to");
            var (id, properties) = Properties(modifiers.Where(m => m.Name == "property"));
            var edge = new TestEdge(id ?? Guid.NewGuid().ToString(), label, from, to);
            foreach (var (key, value, list) in properties)
            {
                if (list)
                {
                    throw GremlinError.Compile("Gremlin Query Compilation Error: an edge property has no cardinality (property(list, ...) is for vertices).");
                }

                edge.Properties[key] = value;
            }

            if (!_graph.TryAdd(edge))
            {
                throw GremlinError.Conflict($"Resource with specified id or name already exists: edge '{edge.Id}'.");
            }

            Writes++;
            result.Add(t.Move(edge));
        }

        return result;
    }

    private TestVertex EdgeEnd(StepNode? modifier, Traverser t, string which)
    {
        if (modifier is null)
        {
            return t.Current as TestVertex
                ?? throw GremlinError.Runtime($"addE() needs {which}(): the traverser holds no vertex.");
        }

        var arg = Single(modifier);
        object? end = arg is TraversalExprNode
            ? RunNested(arg, t).Select(r => r.Current).FirstOrDefault()
            : t.Path.LastOrDefault(p => p.Labels.Contains(AsString(Eval(arg))))?.Value;
        return end as TestVertex
            ?? throw GremlinError.NotFound($"addE(): the {which}() vertex does not exist.");
    }

    /// <summary>The property(...) steps of addV/addE in order: T.id for the id, no nulls, no traversals.</summary>
    private (string? Id, List<(string Key, object Value, bool List)> Properties) Properties(IEnumerable<StepNode> steps)
    {
        string? id = null;
        var properties = new List<(string Key, object Value, bool List)>();
        foreach (var step in steps)
        {
            var (key, value, list) = PropertyArgs(step);
            if (key == "id")
            {
                id = Values.AsId(value);
            }
            else
            {
                properties.Add((key, value, list));
            }
        }

        return (id, properties);
    }

    /// <summary>key, value and whether the cardinality is list (append) rather than single (replace).</summary>
    private (string Key, object Value, bool List) PropertyArgs(StepNode step)
    {
        var args = step.Args.ToList();
        var list = false;
        if (args.Count == 3 && args[0] is TokenNode cardinality)
        {
            if (cardinality.Name == "set")
            {
                throw GremlinError.Compile("Gremlin Query Compilation Error: property(set, ...) is not supported by Cosmos DB (set cardinality).");
            }

            if (cardinality.Name is not ("single" or "list"))
            {
                throw GremlinError.Compile($"Gremlin Query Compilation Error: property({cardinality.Name}, ...): the cardinality is single or list.");
            }

            list = cardinality.Name == "list";
            args.RemoveAt(0);
        }

        if (args.Count != 2)
        {
            throw GremlinError.Compile("Gremlin Query Compilation Error: property() takes a key and a value (meta-properties are not supported).");
        }

        var key = args[0] is TokenNode { Name: "id" } ? "id" : AsString(Eval(args[0]));
        if (args[1] is TraversalExprNode)
        {
            throw GremlinError.Compile("Gremlin Query Compilation Error: property() with a traversal value is outside the test endpoint's subset.");
        }

        var value = Eval(args[1]);
        if (value is null or TokenNode or Predicate or List<object?>)
        {
            throw GremlinError.Compile("Gremlin Query Compilation Error: a property value must be a string, number or boolean (Cosmos stores a list as several values: property(list, k, v) once per value).");
        }

        return (key, value, list);
    }

    private List<Traverser> SetProperty(StepNode step, List<Traverser> cur)
    {
        var (key, value, list) = PropertyArgs(step);
        foreach (var t in cur)
        {
            switch (t.Current)
            {
                case TestVertex v:
                    if (key == "id" || key == _graph.PartitionKeyProperty)
                    {
                        throw GremlinError.Runtime($"The '{key}' of an existing vertex cannot change.");
                    }

                    if (list)
                    {
                        v.Append(key, value);
                    }
                    else
                    {
                        v.SetSingle(key, value);
                    }

                    break;
                case TestEdge e:
                    if (key == "id")
                    {
                        throw GremlinError.Runtime("The id of an existing edge cannot change.");
                    }

                    if (step.Args.Count == 3)
                    {
                        throw GremlinError.Compile("Gremlin Query Compilation Error: an edge property has no cardinality (property(single|list, ...) is for vertices).");
                    }

                    e.Properties[key] = value;
                    break;
                default:
                    throw GremlinError.Runtime("property() needs a vertex or an edge.");
            }

            Writes++;
        }

        return cur;
    }

    private List<Traverser> Drop(List<Traverser> cur)
    {
        foreach (var t in cur)
        {
            switch (t.Current)
            {
                case TestVertex v:
                    _graph.Remove(v);
                    break;
                case TestEdge e:
                    _graph.Remove(e);
                    break;
                default:
                    throw GremlinError.Runtime("drop() needs a vertex or an edge (dropping properties is outside the subset).");
            }

            Writes++;
        }

        return [];
    }
}
