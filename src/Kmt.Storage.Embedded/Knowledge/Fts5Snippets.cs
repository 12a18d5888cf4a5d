using Kmt.Core.Knowledge;

namespace Kmt.Storage.Embedded.Knowledge;

/// <summary>
/// Turns the raw text of FTS5 snippet() into safe HTML. snippet() wraps matches in two placeholder
/// characters (never the real &lt;mark&gt; tags: the text around them is stored text and must be escaped);
/// the text is then HTML-escaped by Core's rule (<see cref="SnippetHtml"/>) and only the placeholders become <see cref="SnippetMarkers"/>.
/// </summary>
internal static class Fts5Snippets
{
    /// <summary>The usual placeholders; C0 controls that notes practically never hold (see <see cref="For"/>).</summary>
    public static readonly Placeholders Default = new('\u0001', '\u0002');

    /// <summary>
    /// Placeholders that occur in none of <paramref name="texts"/>: <see cref="Default"/> unless the text holds one
    /// of them, else the first two characters the text does not use (null only if it uses every BMP character).
    /// A placeholder found in the snippet is then certainly a marker, never stored text.
    /// </summary>
    public static Placeholders? For(params string[] texts)
    {
        if (!texts.Any(t => t.Contains(Default.Open, StringComparison.Ordinal) || t.Contains(Default.Close, StringComparison.Ordinal)))
        {
            return Default;
        }

        // Private-use characters first, then the rest of the BMP (surrogates excluded).
        var used = new HashSet<char>(texts.SelectMany(t => t));
        var free = Enumerable.Range(0xE000, 0xFFFE - 0xE000).Concat(Enumerable.Range(0x0003, 0xD800 - 0x0003))
            .Select(c => (char)c).Where(c => !used.Contains(c)).Take(2).ToList();
        return free.Count == 2 ? new Placeholders(free[0], free[1]) : null;
    }

    /// <summary>
    /// Escapes <paramref name="raw"/> by Core's rule (<see cref="SnippetHtml"/>) and turns the spans between the
    /// placeholders into &lt;mark&gt;...&lt;/mark&gt;; without placeholders, nothing becomes markup.
    /// </summary>
    public static string Render(string raw, Placeholders? placeholders) =>
        placeholders is { } p ? SnippetHtml.MarkBetween(raw, p.Open, p.Close) : SnippetHtml.Escape(raw);

    /// <summary>Whether snippet() marked a match in <paramref name="raw"/>.</summary>
    public static bool HasMatch(string? raw, Placeholders placeholders) =>
        !string.IsNullOrEmpty(raw) && raw.Contains(placeholders.Open, StringComparison.Ordinal);

    public readonly record struct Placeholders(char Open, char Close)
    {
        public string OpenText => Open.ToString();

        public string CloseText => Close.ToString();
    }
}
