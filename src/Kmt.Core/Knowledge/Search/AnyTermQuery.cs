namespace Kmt.Core.Knowledge.Search;

/// <summary>
/// OR semantics for a parsed query, as a rewrite both store adapters run unchanged: every positive clause
/// joins one OR group (an item matching any of them matches; excluded clauses still exclude), and each pair
/// of adjacent plain words the person typed is added as a phrase. BM25 sums over the clauses an item matches,
/// so an item matching more of the terms ranks higher, and one holding the words next to each other gains
/// the phrase's score too (proximity). A clause that repeats an earlier one ("add and remove users and
/// groups") is added once: BM25 over OR-ed clauses would otherwise count a repeated word, usually a common
/// one, once per occurrence (plain BM25 scores each query term once).
/// </summary>
public static class AnyTermQuery
{
    /// <summary>The OR rewrite; <paramref name="adjacentPhrases"/> false leaves out the adjacent-word phrases (SearchOptions.AdjacentPhrases).</summary>
    public static ParsedSearchQuery From(ParsedSearchQuery query, bool adjacentPhrases = true)
    {
        ArgumentNullException.ThrowIfNull(query);
        var positive = query.Clauses.Where(c => !c.Negated).ToList();
        var clauses = new List<SearchClause>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(SearchClause clause)
        {
            if (seen.Add(Key(clause)))
            {
                clauses.Add(clause with { OrWithPrevious = clauses.Count > 0 });
            }
        }

        foreach (var clause in positive)
        {
            Add(clause);
        }

        // A word punctuation split ("real-time", "qt4/qt5") is a phrase to the parser; in OR semantics its
        // words also count alone, so a document writing "real time" or "realtime ... time" is still found.
        foreach (var clause in positive.Where(c => c is { IsPhrase: true, Quoted: false, IsPrefix: false }))
        {
            foreach (var term in clause.Terms.Where(t => clauses.Count < SearchQueryParser.MaxClauses * 2))
            {
                Add(new SearchClause([term], IsPhrase: false, IsPrefix: false, Negated: false, OrWithPrevious: true));
            }
        }

        for (var i = 0; adjacentPhrases && i + 1 < positive.Count && clauses.Count < SearchQueryParser.MaxClauses * 2; i++)
        {
            if (IsPlainWord(positive[i]) && IsPlainWord(positive[i + 1]))
            {
                Add(new SearchClause([positive[i].Terms[0], positive[i + 1].Terms[0]], IsPhrase: true, IsPrefix: false, Negated: false, OrWithPrevious: true));
            }
        }

        clauses.AddRange(query.Clauses.Where(c => c.Negated));
        return new ParsedSearchQuery(clauses);
    }

    /// <summary>What a clause matches and scores: its terms and kind (a one-word phrase is that word).</summary>
    private static string Key(SearchClause clause) =>
        (clause.IsPrefix ? "*" : clause.IsPhrase && clause.Terms.Count > 1 ? "\"" : "") + string.Join(' ', clause.Terms);

    private static bool IsPlainWord(SearchClause clause) => clause is { IsPhrase: false, IsPrefix: false, Terms.Count: 1 };
}
