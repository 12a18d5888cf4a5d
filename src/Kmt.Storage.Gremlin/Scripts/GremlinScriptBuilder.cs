using System.Text;

namespace Kmt.Storage.Gremlin.Scripts;

/// <summary>
/// Builds one <see cref="GremlinScript"/>: start with <see cref="G"/>, nest with <see cref="Anonymous"/>, finish
/// with <see cref="Build"/>. Every value becomes a binding (_v0, _v1, ...); labels and property keys must be in
/// the <see cref="GremlinVocabulary"/>; step labels (as/select/project) must be plain identifiers. Nothing else
/// can reach the text, so injection is impossible by construction (docs/design/graph.md "The Gremlin client").
/// </summary>
public sealed class GremlinScriptBuilder
{
    private readonly Dictionary<string, object> _bindings = new(StringComparer.Ordinal);
    private bool _built;

    public GremlinScriptBuilder(GremlinVocabulary vocabulary)
    {
        Vocabulary = vocabulary ?? throw new ArgumentNullException(nameof(vocabulary));
    }

    public GremlinVocabulary Vocabulary { get; }

    /// <summary>The traversal source g.</summary>
    public GremlinTraversal G() => new(this, "g");

    /// <summary>An anonymous traversal __ for coalesce, union, where, repeat, by, from/to...</summary>
    public GremlinTraversal Anonymous() => new(this, "__");

    /// <summary>Several statements are not supported: one traversal per script.</summary>
    public GremlinScript Build(GremlinTraversal traversal)
    {
        ArgumentNullException.ThrowIfNull(traversal);
        Own(traversal);
        if (_built)
        {
            throw new InvalidOperationException("This builder already built its script.");
        }

        _built = true;
        return new GremlinScript(traversal.Text, new Dictionary<string, object>(_bindings, StringComparer.Ordinal));
    }

    internal string Bind(object value)
    {
        ArgumentNullException.ThrowIfNull(value, nameof(value));
        var name = "_v" + _bindings.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _bindings[name] = value;
        return name;
    }

    /// <summary>A label or property key from the vocabulary, as a single-quoted literal.</summary>
    internal string Word(string word)
    {
        if (!GremlinVocabulary.IsIdentifier(word) || !Vocabulary.Contains(word))
        {
            throw new ArgumentException($"'{word}' is not in the Gremlin vocabulary: labels and property keys come from code, never from input.", nameof(word));
        }

        return "'" + word + "'";
    }

    /// <summary>A step label or projection key: a plain identifier chosen by code.</summary>
    internal static string StepLabel(string label)
    {
        if (!GremlinVocabulary.IsIdentifier(label))
        {
            throw new ArgumentException($"'{label}' is not a plain identifier.", nameof(label));
        }

        return "'" + label + "'";
    }

    internal string Predicate(GremlinPredicate predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return predicate.Operator + "(" + Bind(predicate.Operand) + ")";
    }

    internal string Vertex(GremlinVertexKey key) => "[" + Bind(key.PartitionKey) + ", " + Bind(key.Id) + "]";

    internal string Nested(GremlinTraversal traversal)
    {
        Own(traversal);
        if (!traversal.IsAnonymous)
        {
            throw new ArgumentException("Only anonymous traversals (builder.Anonymous()) can be nested.", nameof(traversal));
        }

        return traversal.Text;
    }

    internal static string Join(IEnumerable<string> parts)
    {
        var sb = new StringBuilder();
        foreach (var part in parts)
        {
            if (sb.Length > 0)
            {
                sb.Append(", ");
            }

            sb.Append(part);
        }

        return sb.ToString();
    }

    private void Own(GremlinTraversal traversal)
    {
        if (!ReferenceEquals(traversal.Builder, this))
        {
            throw new ArgumentException("The traversal belongs to another builder (its bindings would be lost).", nameof(traversal));
        }
    }
}
