using Kmt.Core.Common;
using Kmt.Core.Knowledge;

namespace Kmt.Storage.Embedded.Knowledge;

/// <summary>
/// Renders a parsed query as FTS5 MATCH expressions. Every term is a double-quoted string (quotes
/// doubled), so nothing the user typed can become FTS5 syntax: prefix "t"*, phrase "a b c",
/// OR groups ( A OR B ), AND between groups, and excluded clauses as P NOT ( N1 OR N2 ).
/// </summary>
internal static class Fts5QueryRenderer
{
    /// <summary>The whole query as one expression (for the stemmed index).</summary>
    public static string Render(ParsedSearchQuery query)
    {
        var (groups, excluded) = Group(query);
        var positive = And(groups);
        return excluded.Count == 0 ? positive : "( " + positive + " ) NOT ( " + Or(excluded.Select(c => c.Text)) + " )";
    }

    /// <summary>
    /// How to run the query over the stemmed index and, for prefix clauses, the unstemmed one: a prefix
    /// longer than a word's stem ("programmi*" for "programming", stored as "program") only matches in
    /// the unstemmed index, while "happi*" for "happy" (stem "happi") only matches in the stemmed one, so a
    /// prefix clause matches when either index matches it. Words and phrases use the stemmed index only.
    /// </summary>
    public static Fts5SearchPlan Plan(ParsedSearchQuery query)
    {
        var (groups, excluded) = Group(query);
        var stemmedQuery = Render(query);
        var positive = groups.SelectMany(g => g).ToList();
        if (!positive.Concat(excluded).Any(c => c.Clause.IsPrefix))
        {
            return new Fts5SearchPlan(stemmedQuery, null, null, null, Or(positive.Select(c => c.Text)), null, PrimaryIsUnstemmed: false);
        }

        var required = new List<Fts5Condition>();
        var stemmedOnly = groups.Where(g => !g.Any(c => c.Clause.IsPrefix)).ToList();
        if (stemmedOnly.Count > 0)
        {
            required.Add(new Fts5Condition(And(stemmedOnly), null));
        }

        foreach (var group in groups.Where(g => g.Any(c => c.Clause.IsPrefix)))
        {
            // Words in the group can only match in the stemmed index ("running" is stored as "run").
            required.Add(new Fts5Condition(Or(group.Select(c => c.Text)), Or(group.Where(c => c.Clause.IsPrefix).Select(c => c.Text))));
        }

        var excludedPrefixes = excluded.Where(c => c.Clause.IsPrefix).Select(c => c.Text).ToList();
        var positivePrefixes = positive.Where(c => c.Clause.IsPrefix).Select(c => c.Text).ToList();
        return new Fts5SearchPlan(
            stemmedQuery,
            required,
            excluded.Count == 0 ? null : Or(excluded.Select(c => c.Text)),
            excludedPrefixes.Count == 0 ? null : Or(excludedPrefixes),
            Or(positive.Select(c => c.Text)),
            positivePrefixes.Count == 0 ? null : Or(positivePrefixes),
            PrimaryIsUnstemmed: positive.All(c => c.Clause.IsPrefix));
    }

    /// <summary>Positive clauses as AND-ed OR groups, and the excluded ones; clauses with nothing searchable are dropped.</summary>
    private static (List<List<RenderedClause>> Groups, List<RenderedClause> Excluded) Group(ParsedSearchQuery query)
    {
        var groups = new List<List<RenderedClause>>();
        var excluded = new List<RenderedClause>();
        var previousWasPositive = false;
        foreach (var clause in query.Clauses)
        {
            var text = RenderClause(clause);
            if (text is null)
            {
                continue;
            }

            var rendered = new RenderedClause(clause, text);
            if (clause.Negated)
            {
                excluded.Add(rendered);
                previousWasPositive = false;
                continue;
            }

            if (clause.OrWithPrevious && previousWasPositive)
            {
                groups[^1].Add(rendered);
            }
            else
            {
                groups.Add([rendered]);
            }

            previousWasPositive = true;
        }

        if (groups.Count == 0)
        {
            throw new ValidationException("query", "The search query needs at least one term that is not excluded.");
        }

        return (groups, excluded);
    }

    private static string And(List<List<RenderedClause>> groups) =>
        string.Join(" AND ", groups.Select(g => g.Count == 1 ? g[0].Text : "( " + Or(g.Select(c => c.Text)) + " )"));

    private static string Or(IEnumerable<string> texts) => string.Join(" OR ", texts);

    private static string? RenderClause(SearchClause clause)
    {
        var terms = clause.Terms.Select(Quote).Where(t => t.Length > 0).ToList();
        if (terms.Count == 0)
        {
            return null;
        }

        var quoted = "\"" + string.Join(" ", terms) + "\"";
        return clause.IsPrefix ? quoted + "*" : quoted;
    }

    /// <summary>Doubles quotes; control characters (a NUL would end the expression early) become spaces.</summary>
    private static string Quote(string term)
    {
        var chars = term.Select(c => char.IsControl(c) ? ' ' : c).ToArray();
        return new string(chars).Trim().Replace("\"", "\"\"", StringComparison.Ordinal);
    }

    private sealed record RenderedClause(SearchClause Clause, string Text);
}

/// <summary>
/// A query planned over the two full-text indexes (knowledge_fts, porter-stemmed, and knowledge_fts_unstemmed).
/// When <see cref="Required"/> is null the query has no prefix clause and <see cref="StemmedQuery"/> alone
/// decides the matches; otherwise an item matches when it meets every required condition and neither
/// exclusion. <see cref="StemmedAny"/> and <see cref="UnstemmedAny"/> (every positive clause, resp. every
/// positive prefix clause, OR-ed) rank and highlight the matches.
/// </summary>
internal sealed record Fts5SearchPlan(
    string StemmedQuery,
    IReadOnlyList<Fts5Condition>? Required,
    string? ExcludedStemmed,
    string? ExcludedUnstemmed,
    string StemmedAny,
    string? UnstemmedAny,
    bool PrimaryIsUnstemmed)
{
    public bool UsesUnstemmed => Required is not null;
}

/// <summary>Matches <see cref="Stemmed"/> in the stemmed index, or <see cref="Unstemmed"/> (when set) in the unstemmed one.</summary>
internal sealed record Fts5Condition(string Stemmed, string? Unstemmed);
