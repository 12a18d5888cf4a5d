using System.Text;
using Kmt.Core.Knowledge;

namespace Kmt.Storage.Embedded.Knowledge;

/// <summary>
/// Turns the raw text of FTS5 snippet() into safe HTML. snippet() wraps matches in two placeholder
/// characters (never the real &lt;mark&gt; tags: the text around them is stored text and must be escaped);
/// the text is then HTML-escaped and only the placeholders become <see cref="SnippetMarkers"/>.
/// </summary>
internal static class SnippetHtml
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
    /// HTML-escapes <paramref name="raw"/> (&amp; &lt; &gt; and both quotes, so it is also safe in an attribute) and turns
    /// the placeholders into &lt;mark&gt; and &lt;/mark&gt;; without placeholders, nothing becomes markup.
    /// </summary>
    public static string Render(string raw, Placeholders? placeholders)
    {
        var html = new StringBuilder(raw.Length + 32);
        foreach (var c in raw)
        {
            if (placeholders is { } p && (c == p.Open || c == p.Close))
            {
                html.Append(c == p.Open ? SnippetMarkers.Start : SnippetMarkers.End);
                continue;
            }

            switch (c)
            {
                case '&': html.Append("&amp;"); break;
                case '<': html.Append("&lt;"); break;
                case '>': html.Append("&gt;"); break;
                case '"': html.Append("&quot;"); break;
                case '\'': html.Append("&#39;"); break;
                default: html.Append(c); break;
            }
        }

        return html.ToString();
    }

    /// <summary>Whether snippet() marked a match in <paramref name="raw"/>.</summary>
    public static bool HasMatch(string? raw, Placeholders placeholders) =>
        !string.IsNullOrEmpty(raw) && raw.Contains(placeholders.Open, StringComparison.Ordinal);

    public readonly record struct Placeholders(char Open, char Close)
    {
        public string OpenText => Open.ToString();

        public string CloseText => Close.ToString();
    }
}
