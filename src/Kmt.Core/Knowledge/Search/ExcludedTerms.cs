namespace Kmt.Core.Knowledge.Search;

/// <summary>
/// Excluded clauses (-word, -"a phrase", NOT word) applied to an item found by meaning, which no full-text
/// index checked: the item is dropped when its title, tags or content hold the excluded words in order
/// (a prefix clause: a word starting with it). Whole words, case-insensitive, unstemmed.
/// </summary>
public static class ExcludedTerms
{
    public static bool Hit(KnowledgeItem item, ParsedSearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(query);
        var excluded = query.Clauses.Where(c => c.Negated).ToList();
        if (excluded.Count == 0)
        {
            return false;
        }

        var words = Words(item.Title + " " + string.Join(' ', item.Tags) + " " + item.Content);
        return excluded.Any(c => Contains(words, c));
    }

    private static bool Contains(List<string> words, SearchClause clause)
    {
        for (var i = 0; i + clause.Terms.Count <= words.Count; i++)
        {
            var all = true;
            for (var j = 0; j < clause.Terms.Count && all; j++)
            {
                var last = j == clause.Terms.Count - 1;
                all = words[i + j] == clause.Terms[j] || (last && clause.IsPrefix && words[i + j].StartsWith(clause.Terms[j], StringComparison.Ordinal));
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var letter = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (letter && start < 0)
            {
                start = i;
            }
            else if (!letter && start >= 0)
            {
                words.Add(text[start..i].ToLowerInvariant());
                start = -1;
            }
        }

        return words;
    }
}
