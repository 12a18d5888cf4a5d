namespace Kmt.Testing.Gremlin.Language;

/// <summary>Steps with modulators: order().by(), project().by(), repeat() with times/emit/until.</summary>
public sealed partial class GremlinInterpreter
{
    private List<Traverser> Order(List<StepNode> bys, List<Traverser> cur)
    {
        var keys = bys.Count == 0
            ? [((Func<Traverser, object?>)(t => t.Current), false)]
            : bys.Select(ByComparer).ToList();
        var decorated = cur.Select(t => (Traverser: t, Keys: keys.Select(k => k.Item1(t)).ToArray())).ToList();
        decorated.Sort((a, b) =>
        {
            for (var i = 0; i < keys.Count; i++)
            {
                var c = Values.Compare(a.Keys[i], b.Keys[i])
                    ?? throw GremlinError.Runtime($"order(): cannot compare {a.Keys[i]?.GetType().Name} with {b.Keys[i]?.GetType().Name}.");
                if (c != 0)
                {
                    return keys[i].Item2 ? -c : c;
                }
            }

            return 0;
        });
        return decorated.Select(d => d.Traverser).ToList();
    }

    private (Func<Traverser, object?>, bool) ByComparer(StepNode by)
    {
        var descending = false;
        if (by.Args.Count == 2)
        {
            descending = by.Args[1] switch
            {
                TokenNode { Name: "decr" or "desc" } => true,
                TokenNode { Name: "incr" or "asc" } => false,
                _ => throw GremlinError.Compile("Gremlin Query Compilation Error: order().by(key, incr|decr) (shuffle is outside the subset)."),
            };
        }
        else if (by.Args.Count > 2)
        {
            throw GremlinError.Compile("Gremlin Query Compilation Error: by() takes at most two arguments.");
        }

        return (ByValue(by, "order"), descending);
    }

    /// <summary>by(): the traverser; by(key): the property (it must exist); by(T.id|T.label); by(__...): its first result (it must have one).</summary>
    private Func<Traverser, object?> ByValue(StepNode by, string owner)
    {
        if (by.Args.Count == 0)
        {
            return t => t.Current;
        }

        var arg = by.Args[0];
        return arg switch
        {
            TokenNode { Name: "id" } => t => ElementId(t.Current),
            TokenNode { Name: "label" } => t => Label(t.Current),
            TraversalExprNode => t => RunNested(arg, t) is { Count: > 0 } r
                ? r[0].Current
                : throw GremlinError.Runtime($"{owner}().by(traversal): the traversal produced no value for a traverser (TinkerPop 3.4 fails here: wrap it in coalesce(..., constant(...)) or fold())."),
            _ => t =>
            {
                var key = AsString(Eval(arg));
                return PropertyValues(t.Current, key).FirstOrDefault()
                    ?? throw GremlinError.Runtime($"{owner}().by('{key}'): the element has no property '{key}'.");
            },
        };
    }

    private List<Traverser> Project(StepNode step, List<StepNode> bys, List<Traverser> cur)
    {
        var keys = step.Args.Select(a => AsString(Eval(a))).ToList();
        if (bys.Count > keys.Count)
        {
            throw GremlinError.Compile("Gremlin Query Compilation Error: project() has more by() than keys.");
        }

        var values = bys.Select(b => ByValue(b, "project")).ToList();
        return cur.Select(t =>
        {
            var map = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < keys.Count; i++)
            {
                map[keys[i]] = i < values.Count ? values[i](t) : t.Current;
            }

            return t.Move(map);
        }).ToList();
    }

    /// <summary>
    /// repeat(body) with times(n) (at most 32: Cosmos's limit), emit() and until(traversal), before or after the
    /// repeat. Without times or until it stops when no traverser moves, and fails past 32 hops.
    /// </summary>
    private List<Traverser> Repeat(StepNode step, List<StepNode> before, List<StepNode> after, List<Traverser> cur)
    {
        var body = Single(step);
        var emitFirst = before.Any(m => m.Name == "emit");
        var emit = emitFirst || after.Any(m => m.Name == "emit");
        var untilFirst = before.FirstOrDefault(m => m.Name == "until");
        var until = untilFirst ?? after.FirstOrDefault(m => m.Name == "until");
        var timesStep = after.FirstOrDefault(m => m.Name == "times");
        int? times = timesStep is null ? null : (int)AsLong(Eval(Single(timesStep)));
        if (times > _maxRepeatHops)
        {
            throw GremlinError.Compile($"Gremlin Query Compilation Error: repeat() with times({times}) exceeds the limit of {_maxRepeatHops} hops.");
        }

        bool Done(Traverser t) => until is not null && RunNested(Single(until), t).Count > 0;
        var results = new List<Traverser>();
        if (emitFirst)
        {
            results.AddRange(cur);
        }

        if (untilFirst is not null)
        {
            var done = cur.Where(Done).ToList();
            if (!emitFirst)
            {
                results.AddRange(done);
            }

            cur = cur.Except(done).ToList();
        }

        for (var hop = 1; cur.Count > 0; hop++)
        {
            if (hop > _maxRepeatHops)
            {
                throw GremlinError.Runtime($"repeat() went past {_maxRepeatHops} hops: bound it with times() or until().");
            }

            cur = cur.SelectMany(t => RunNested(body, t)).ToList();
            var finished = until is null ? [] : cur.Where(Done).ToList();
            if (emit)
            {
                results.AddRange(cur);
            }
            else
            {
                results.AddRange(finished);
            }

            cur = cur.Except(finished).ToList();
            if (times is { } n && hop >= n)
            {
                if (!emit)
                {
                    results.AddRange(cur);
                }

                break;
            }
        }

        return results;
    }
}
