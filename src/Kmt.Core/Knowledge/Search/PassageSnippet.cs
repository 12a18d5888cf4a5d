using System.Text;
using Kmt.Core.Common;

namespace Kmt.Core.Knowledge.Search;

/// <summary>
/// The snippet of a hit found by meaning rather than by words: the best-matching chunk of the content, cut to
/// a length at word boundaries, HTML-escaped, with the words of the query it holds marked as a keyword
/// snippet marks them (<see cref="SnippetMarkers"/>): a word matches a query term when it equals it or, for a
/// prefix clause or a term of four letters or more, starts with it (a crude stand-in for the stemmer).
/// </summary>
public static class PassageSnippet
{
    public static string Build(string content, int start, int length, ParsedSearchQuery? query, int maxCharacters)
    {
        ArgumentNullException.ThrowIfNull(content);
        start = Math.Clamp(start, 0, content.Length);
        length = Math.Clamp(length, 0, content.Length - start);
        var passage = content.Substring(start, length).Trim();
        var cut = passage.Length > maxCharacters;
        if (cut)
        {
            var end = passage.LastIndexOf(' ', Math.Max(0, maxCharacters - 1));
            passage = passage[..TextCut.SafeLength(passage, end > maxCharacters / 2 ? end : maxCharacters)];
        }

        var terms = query?.Clauses.Where(c => !c.Negated)
            .SelectMany(c => c.Terms.Select(t => (Term: t, Prefix: c.IsPrefix || t.Length >= 4)))
            .ToList() ?? [];
        var html = new StringBuilder();
        if (start > 0)
        {
            html.Append(SnippetMarkers.Ellipsis);
        }

        var i = 0;
        while (i < passage.Length)
        {
            var wordStart = i;
            var isWord = char.IsLetterOrDigit(passage[i]);
            while (i < passage.Length && char.IsLetterOrDigit(passage[i]) == isWord)
            {
                i++;
            }

            var piece = passage[wordStart..i];
            html.Append(isWord && Matches(piece, terms) ? SnippetHtml.Mark(piece) : SnippetHtml.Escape(piece));
        }

        if (cut || start + length < content.Length)
        {
            html.Append(SnippetMarkers.Ellipsis);
        }

        return html.ToString();
    }

    private static bool Matches(string word, List<(string Term, bool Prefix)> terms)
    {
        var lower = word.ToLowerInvariant();
        return terms.Any(t => lower == t.Term || (t.Prefix && lower.StartsWith(t.Term, StringComparison.Ordinal)));
    }
}
