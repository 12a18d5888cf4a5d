using System.Collections.Immutable;

namespace Kmt.Testing.Gremlin.Language;

/// <summary>One traverser: where it is and the path that led there (with as() labels).</summary>
public sealed record Traverser(object? Current, ImmutableList<PathEntry> Path)
{
    public static Traverser Root { get; } = new(null, []);

    public Traverser Move(object? value) => new(value, Path.Add(new PathEntry(value, [])));

    public Traverser WithLabel(string label)
    {
        if (Path.IsEmpty)
        {
            return new Traverser(Current, [new PathEntry(Current, [label])]);
        }

        var last = Path[^1];
        return this with { Path = Path.SetItem(Path.Count - 1, last with { Labels = last.Labels.Add(label) }) };
    }
}

/// <summary>An object on a traverser's path and the step labels it carries.</summary>
public sealed record PathEntry(object? Value, ImmutableList<string> Labels);
