using System.Text.RegularExpressions;

namespace Kmt.Storage.Gremlin.Scripts;

/// <summary>
/// The vertex labels, edge labels and property keys a script may name. They are the only words besides step
/// names and binding names that reach script text, so they are fixed by the code, checked against a plain
/// identifier pattern, and never taken from input.
/// </summary>
public sealed partial class GremlinVocabulary
{
    private readonly HashSet<string> _words;

    public GremlinVocabulary(IEnumerable<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        _words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in words)
        {
            if (!IsIdentifier(word))
            {
                throw new ArgumentException($"'{word}' is not a plain identifier ([A-Za-z][A-Za-z0-9_]{{0,63}}, so never a binding name like _v0).", nameof(words));
            }

            _words.Add(word);
        }
    }

    public IReadOnlyCollection<string> Words => _words;

    public bool Contains(string word) => _words.Contains(word);

    /// <summary>True for [A-Za-z][A-Za-z0-9_]{0,63}: nothing that could end a quoted literal, start code, or collide with a binding name (_v0...).</summary>
    public static bool IsIdentifier(string? word) => word is not null && IdentifierPattern().IsMatch(word);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierPattern();
}
