using Kmt.Core.Common;
using Kmt.Core.Knowledge;

namespace Kmt.Storage.Embedded.Knowledge;

/// <summary>
/// Renders a parsed query as an FTS5 MATCH expression. Every term is a double-quoted string (quotes
/// doubled), so nothing the user typed can become FTS5 syntax: prefix "t"*, phrase "a b c",
/// OR groups ( A OR B ), AND between groups, and excluded clauses as P NOT ( N1 OR N2 ).
/// </summary>
internal static class Fts5QueryRenderer
{
    public static string Render(ParsedSearchQuery query)
    {
        var groups = new List<List<string>>();
        var excluded = new List<string>();
        var previousWasPositive = false;
        foreach (var clause in query.Clauses)
        {
            var text = RenderClause(clause);
            if (text is null)
            {
                continue;
            }

            if (clause.Negated)
            {
                excluded.Add(text);
                previousWasPositive = false;
                continue;
            }

            if (clause.OrWithPrevious && previousWasPositive)
            {
                groups[^1].Add(text);
            }
            else
            {
                groups.Add([text]);
            }

            previousWasPositive = true;
        }

        if (groups.Count == 0)
        {
            throw new ValidationException("query", "The search query needs at least one term that is not excluded.");
        }

        var positive = string.Join(" AND ", groups.Select(g => g.Count == 1 ? g[0] : "( " + string.Join(" OR ", g) + " )"));
        return excluded.Count == 0 ? positive : "( " + positive + " ) NOT ( " + string.Join(" OR ", excluded) + " )";
    }

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
}
