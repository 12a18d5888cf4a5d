using System.Globalization;
using Kmt.Testing.Gremlin.Graph;

namespace Kmt.Testing.Gremlin.Language;

/// <summary>
/// Runs one parsed traversal over the in-memory graph: the step subset of README.md, nothing more. Steps Cosmos
/// refuses (match, property(set|list, ...), graph-computer steps, elementMap) and steps outside the subset
/// fail with a GraphCompileException (597/400), as a real account would fail the adapter.
/// </summary>
public sealed partial class GremlinInterpreter
{
    private static readonly HashSet<string> CosmosRejects =
        ["match", "pageRank", "peerPressure", "shortestPath", "connectedComponent", "program", "elementMap", "subgraph", "io", "with", "withComputer", "call", "mergeV", "mergeE"];

    private readonly TestGraph _graph;
    private readonly IReadOnlyDictionary<string, object?> _bindings;
    private readonly int _maxRepeatHops;

    public GremlinInterpreter(TestGraph graph, IReadOnlyDictionary<string, object?> bindings, int maxRepeatHops = 32)
    {
        _graph = graph;
        _bindings = bindings;
        _maxRepeatHops = maxRepeatHops;
    }

    /// <summary>Elements written (added, updated or dropped): the endpoint's request charge counts them.</summary>
    public int Writes { get; private set; }

    public List<object?> Execute(TraversalNode traversal)
    {
        if (traversal.Steps.Count == 0 || traversal.Steps[0].Name is not ("V" or "E" or "addV" or "addE" or "inject"))
        {
            throw GremlinError.Compile("Gremlin Query Compilation Error: a traversal starts with g.V(), g.E(), g.addV(), g.addE() or g.inject().");
        }

        lock (_graph.Sync)
        {
            return Run(traversal.Steps, [Traverser.Root]).Select(t => t.Current).ToList();
        }
    }

    private List<Traverser> RunNested(ExprNode node, Traverser start) => node is TraversalExprNode t
        ? Run(t.Traversal.Steps, [start])
        : throw GremlinError.Compile("Gremlin Query Compilation Error: expected an anonymous traversal (__.step()).");

    private List<Traverser> Run(IReadOnlyList<StepNode> steps, List<Traverser> input)
    {
        var cur = input;
        var preModifiers = new List<StepNode>();
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            if (CosmosRejects.Contains(step.Name))
            {
                throw GremlinError.Compile($"Gremlin Query Compilation Error: Unable to find any method '{step.Name}' (not supported by Cosmos DB for Apache Gremlin).");
            }

            switch (step.Name)
            {
                case "addV":
                case "addE":
                case "order":
                case "project":
                case "repeat":
                {
                    var j = i + 1;
                    var modifiers = new List<StepNode>();
                    while (j < steps.Count && IsModifierOf(step.Name, steps[j].Name))
                    {
                        modifiers.Add(steps[j++]);
                    }

                    cur = step.Name switch
                    {
                        "addV" => AddV(step, modifiers, cur),
                        "addE" => AddE(step, modifiers, cur),
                        "order" => Order(modifiers, cur),
                        "project" => Project(step, modifiers, cur),
                        _ => Repeat(step, preModifiers, modifiers, cur),
                    };
                    preModifiers.Clear();
                    i = j - 1;
                    break;
                }

                case "emit":
                case "until":
                    if (!steps.Skip(i + 1).SkipWhile(s => s.Name is "emit" or "until").Select(s => s.Name).FirstOrDefault()?.Equals("repeat", StringComparison.Ordinal) ?? true)
                    {
                        throw GremlinError.Compile($"Gremlin Query Compilation Error: {step.Name}() must come right before or after repeat().");
                    }

                    preModifiers.Add(step);
                    break;
                case "by":
                case "from":
                case "to":
                case "times":
                    throw GremlinError.Compile($"Gremlin Query Compilation Error: {step.Name}() does not modify the step before it.");
                default:
                    cur = Apply(step, cur);
                    break;
            }
        }

        return cur;
    }

    private static bool IsModifierOf(string owner, string name) => owner switch
    {
        "addV" => name == "property",
        "addE" => name is "from" or "to" or "property",
        "order" or "project" => name == "by",
        "repeat" => name is "times" or "emit" or "until",
        _ => false,
    };

    private List<Traverser> Apply(StepNode step, List<Traverser> cur) => step.Name switch
    {
        "V" => cur.SelectMany(t => ResolveVertices(step.Args).Select(t.Move)).ToList(),
        "E" => cur.SelectMany(t => ResolveEdges(step.Args).Select(t.Move)).ToList(),
        "inject" => cur.SelectMany(t => step.Args.Select(a => t.Move(Eval(a)))).ToList(),
        "property" => SetProperty(step, cur),
        "drop" => Drop(cur),
        "has" => cur.Where(t => Has(step, t)).ToList(),
        "hasLabel" => cur.Where(t => MatchesAny(Label(t.Current), step.Args)).ToList(),
        "hasId" => cur.Where(t => MatchesAny(ElementId(t.Current), step.Args)).ToList(),
        "hasNot" => cur.Where(t => !PropertyValues(t.Current, Key(step.Args, 0)).Any()).ToList(),
        "out" or "in" or "both" or "outE" or "inE" or "bothE" => cur.SelectMany(t => Adjacent(step, t.Current).Select(t.Move)).ToList(),
        "inV" or "outV" or "bothV" or "otherV" => cur.SelectMany(t => EdgeEnds(step.Name, t).Select(t.Move)).ToList(),
        "values" => cur.SelectMany(t => Keys(step.Args, t.Current).SelectMany(k => PropertyValues(t.Current, k)).Select(t.Move)).ToList(),
        "valueMap" => cur.Select(t => t.Move(ValueMap(step, t.Current))).ToList(),
        "id" => cur.Select(t => t.Move(ElementId(t.Current))).ToList(),
        "label" => cur.Select(t => t.Move(Label(t.Current))).ToList(),
        "count" => [Traverser.Root.Move((long)cur.Count)],
        "limit" => cur.Take((int)AsLong(Eval(step.Args[^1]))).ToList(),
        "range" => Range(step, cur),
        "dedup" => cur.DistinctBy(t => Values.DedupKey(t.Current)).ToList(),
        "fold" => [Traverser.Root.Move(cur.Select(t => t.Current).ToList())],
        "unfold" => cur.SelectMany(Unfold).ToList(),
        "constant" => cur.Select(t => t.Move(Eval(step.Args[0]))).ToList(),
        "as" => cur.Select(t => step.Args.Aggregate(t, (acc, a) => acc.WithLabel(AsString(Eval(a))))).ToList(),
        "select" => Select(step, cur),
        "coalesce" => cur.SelectMany(t => step.Args.Select(a => RunNested(a, t)).FirstOrDefault(r => r.Count > 0) ?? []).ToList(),
        "union" => cur.SelectMany(t => step.Args.SelectMany(a => RunNested(a, t))).ToList(),
        "optional" => cur.SelectMany(t => RunNested(step.Args[0], t) is { Count: > 0 } r ? r : [t]).ToList(),
        "sideEffect" => cur.Where(t => RunNested(step.Args[0], t) is not null).ToList(),
        "where" => cur.Where(t => RunNested(Single(step), t).Count > 0).ToList(),
        "and" => cur.Where(t => step.Args.All(a => RunNested(a, t).Count > 0)).ToList(),
        "or" => cur.Where(t => step.Args.Any(a => RunNested(a, t).Count > 0)).ToList(),
        "not" => cur.Where(t => RunNested(Single(step), t).Count == 0).ToList(),
        "is" => cur.Where(t => Test(Eval(Single(step)), t.Current)).ToList(),
        "simplePath" => cur.Where(t => t.Path.Select(p => Values.DedupKey(p.Value)).Distinct().Count() == t.Path.Count).ToList(),
        "path" => cur.Select(t => t.Move(new PathValue(t.Path.Select(p => (IReadOnlyList<string>)p.Labels).ToList(), t.Path.Select(p => p.Value).ToList()))).ToList(),
        _ => throw GremlinError.Compile($"Gremlin Query Compilation Error: Unable to find any method '{step.Name}' (outside the test endpoint's subset: tests/Kmt.Testing.Gremlin/README.md)."),
    };

    private object? Eval(ExprNode node) => node switch
    {
        LiteralNode l => l.Value,
        BindingNode b => _bindings.TryGetValue(b.Name, out var v)
            ? v ?? throw GremlinError.Runtime($"Binding '{b.Name}' is null: Cosmos DB does not store null values.")
            : throw GremlinError.Compile($"Gremlin Query Compilation Error: No such property: {b.Name} (a binding is missing)."),
        ListNode list => list.Items.Select(Eval).ToList(),
        PredicateNode p => new Predicate(p.Operator, p.Args.Select(Eval).SelectMany(v => p.Operator is "within" or "without" && v is List<object?> l ? l : [v]).ToList()),
        TokenNode t => t,
        TraversalExprNode => throw GremlinError.Compile("Gremlin Query Compilation Error: a traversal is not allowed here."),
        _ => throw GremlinError.Compile("Gremlin Query Compilation Error: unexpected argument."),
    };

    private static ExprNode Single(StepNode step) => step.Args.Count == 1
        ? step.Args[0]
        : throw GremlinError.Compile($"Gremlin Query Compilation Error: {step.Name}() takes one argument.");

    private static bool Test(object? predicateOrValue, object? value) =>
        predicateOrValue is Predicate p ? p.Test(value) : Values.AreEqual(value, predicateOrValue);

    private bool MatchesAny(object? value, IReadOnlyList<ExprNode> args) =>
        args.Select(Eval).Any(a => a switch
        {
            Predicate p => p.Test(value),
            List<object?> l => l.Any(x => Values.AreEqual(value, x)),
            _ => Values.AreEqual(value, a),
        });

    private static string AsString(object? v) => v as string ?? throw GremlinError.Compile("Gremlin Query Compilation Error: expected a string.");

    private static long AsLong(object? v) => Values.IsNumber(v)
        ? Convert.ToInt64(v, CultureInfo.InvariantCulture)
        : throw GremlinError.Compile("Gremlin Query Compilation Error: expected a number.");
}
