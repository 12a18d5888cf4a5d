using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Kmt.Core.Knowledge;

/// <summary>
/// The one rule for search snippets, shared by every store adapter: stored text is HTML-encoded by
/// <see cref="HtmlEncoder"/> (System.Text.Encodings.Web) and the only markup is
/// <see cref="SnippetMarkers.Start"/>/<see cref="SnippetMarkers.End"/> around matches (docs/api.md,
/// "Search"). Clients render snippets as HTML; nothing a user stored can become markup.
/// </summary>
/// <remarks>
/// The encoder allows every BMP letter through unchanged (UnicodeRanges.All) and encodes what HTML
/// gives meaning to (&amp; &lt; &gt; both quotes, and a few more such as + and `), control characters,
/// and characters outside the BMP (as numeric references, which render the same). It is safe in element
/// content and in quoted attributes.
/// </remarks>
public static class SnippetHtml
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>Stored text as HTML text, with no markup at all.</summary>
    public static string Escape(string? text) => string.IsNullOrEmpty(text) ? "" : Encoder.Encode(text);

    /// <summary>A matching piece of stored text: escaped and wrapped in the marker.</summary>
    public static string Mark(string text) => SnippetMarkers.Start + Escape(text) + SnippetMarkers.End;

    /// <summary>
    /// Appends <paramref name="text"/> escaped, with the spans between <paramref name="open"/> and
    /// <paramref name="close"/> (placeholder characters the caller knows are not in the stored text)
    /// marked. Placeholders are dropped; an unclosed span ends at the end of the text.
    /// </summary>
    public static string MarkBetween(string text, char open, char close)
    {
        var html = new StringBuilder(text.Length + 32);
        var start = 0;
        var inside = false;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] != open && text[i] != close)
            {
                continue;
            }

            var piece = text[start..i];
            html.Append(inside && piece.Length > 0 ? Mark(piece) : Escape(piece));
            if (i < text.Length)
            {
                inside = text[i] == open;
            }

            start = i + 1;
        }

        return html.ToString();
    }
}
