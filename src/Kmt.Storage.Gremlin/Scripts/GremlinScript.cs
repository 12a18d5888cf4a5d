namespace Kmt.Storage.Gremlin.Scripts;

/// <summary>
/// A script and its bindings, ready to send. Built only by <see cref="GremlinScriptBuilder"/>: its text is made
/// of fixed step names, allow-listed identifiers and binding names, so a value can never become script text
/// (docs/design/graph.md "The Gremlin client").
/// </summary>
public sealed class GremlinScript
{
    internal GremlinScript(string text, IReadOnlyDictionary<string, object> bindings)
    {
        Text = text;
        Bindings = bindings;
    }

    public string Text { get; }

    public IReadOnlyDictionary<string, object> Bindings { get; }

    /// <summary>
    /// For tests of the wire and of the test endpoint only (internal): a script whose text did not come from
    /// the builder, e.g. a lambda the server must refuse.
    /// </summary>
    internal static GremlinScript FromTrustedText(string text, IReadOnlyDictionary<string, object>? bindings = null) =>
        new(text, bindings ?? new Dictionary<string, object>());

    public override string ToString() => Text;
}
