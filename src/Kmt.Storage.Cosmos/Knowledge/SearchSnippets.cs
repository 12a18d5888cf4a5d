using System.Text;
using Kmt.Core.Knowledge;

namespace Kmt.Storage.Cosmos.Knowledge;

/// <summary>
/// Snippets made in C# from a hit's text (Cosmos DB returns no highlights): a window of words around the
/// first match, HTML-escaped by Core's rule (<see cref="SnippetHtml"/>), with every matching word in it wrapped in <see cref="SnippetMarkers"/>, the
/// only markup. As in the embedded store: the content when it matches, else the title when it does, else
/// the start of the content, else the title.
/// </summary>
/// <remarks>
/// Matching is by whole word, case-insensitive (a prefix term marks words starting with it). Cosmos DB's
/// full-text matching stems words, so an item found through a stem ("runs" for "running") may get an
/// unmarked snippet of its start.
/// </remarks>
public static class SearchSnippets
{
    public const int WindowWords = 24;

    /// <summary>Words shown before the first match, so it has some context.</summary>
    public const int LeadWords = 4;

    public static string Build(string title, string content, IReadOnlyList<HighlightTerm> terms)
    {
        title ??= "";
        content ??= "";
        var contentWords = Words(content);
        var first = contentWords.FindIndex(w => Matches(content, w, terms));
        if (first >= 0)
        {
            return Window(content, contentWords, Math.Max(0, first - LeadWords), terms);
        }

        var titleWords = Words(title);
        if (titleWords.Exists(w => Matches(title, w, terms)))
        {
            return Window(title, titleWords, 0, terms);
        }

        return contentWords.Count > 0 ? Window(content, contentWords, 0, terms: []) : Escape(title);
    }

    private static string Window(string text, List<(int Start, int Length)> words, int from, IReadOnlyList<HighlightTerm> terms)
    {
        var to = Math.Min(words.Count, from + WindowWords);
        var start = from == 0 ? 0 : words[from].Start;
        var end = to == words.Count ? text.Length : words[to - 1].Start + words[to - 1].Length;
        var html = new StringBuilder();
        if (from > 0)
        {
            html.Append(SnippetMarkers.Ellipsis);
        }

        var position = start;
        for (var i = from; i < to; i++)
        {
            var word = words[i];
            if (!Matches(text, word, terms))
            {
                continue;
            }

            html.Append(Escape(text[position..word.Start])).Append(SnippetMarkers.Start)
                .Append(Escape(text.Substring(word.Start, word.Length))).Append(SnippetMarkers.End);
            position = word.Start + word.Length;
        }

        html.Append(Escape(text[position..end]));
        if (to < words.Count)
        {
            html.Append(SnippetMarkers.Ellipsis);
        }

        return html.ToString().Trim();
    }

    private static bool Matches(string text, (int Start, int Length) word, IReadOnlyList<HighlightTerm> terms)
    {
        var span = text.AsSpan(word.Start, word.Length);
        foreach (var term in terms)
        {
            if (term.IsPrefix
                ? span.StartsWith(term.Text, StringComparison.OrdinalIgnoreCase)
                : span.Equals(term.Text, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Runs of letters and digits (the parser's terms hold only those).</summary>
    private static List<(int Start, int Length)> Words(string text)
    {
        var words = new List<(int, int)>();
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetterOrDigit(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && char.IsLetterOrDigit(text[i]))
            {
                i++;
            }

            words.Add((start, i - start));
        }

        return words;
    }

    private static string Escape(string text) => SnippetHtml.Escape(text);
}
