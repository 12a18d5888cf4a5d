using System.Text;
using Kmt.Core.Common;
using Kmt.Core.Knowledge;
using Kmt.Storage.Cosmos.Documents;

namespace Kmt.Storage.Cosmos.Knowledge;

/// <summary>
/// Renders a <see cref="KnowledgeSearchQuery"/> as Cosmos DB full-text SQL: the page query (ranked) and
/// the count query (same predicates). Every term is a parameter; the text holds only constants.
/// </summary>
/// <remarks>
/// <para>Matching, per clause, on the title or the content (an item matches a term if either holds it):
/// a word is FullTextContains; an OR group of plain words is FullTextContainsAny; a phrase is
/// FullTextContains with the words joined by spaces; clauses are ANDed; excluded clauses are NOT (...).</para>
/// <para>Prefixes ("progr*"): Cosmos DB full-text search has no prefix matching, so a prefix clause is
/// RegexMatch(field, "\bprogr", "i") (a word starting with it, case-insensitive; for a phrase prefix the
/// words in order separated by non-word characters). RegexMatch uses no full-text index: it scans the
/// user's partition after the other predicates, and \b is ASCII-word based.</para>
/// <para>Ranking: ORDER BY RANK FullTextScore(c.content, words...) (BM25 over the positive words; prefixes
/// do not score). With a query vector: ORDER BY RANK RRF(FullTextScore(...), VectorDistance(c.vector, @vector))
/// (hybrid). A query of prefixes only has no BM25 terms: VectorDistance alone, or newest update first.
/// Paging is OFFSET/LIMIT, which Cosmos DB supports with ORDER BY RANK.</para>
/// </remarks>
public static class CosmosSearchQueryBuilder
{
    /// <summary>The page and count queries, and the terms snippets highlight.</summary>
    public static CosmosSearchQuery Build(KnowledgeSearchQuery query, ReadOnlyMemory<float>? queryVector = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (groups, excluded) = Group(query.Query);

        var parameters = new QueryParameters();
        var where = new StringBuilder();
        AppendFilters(where, query, parameters);
        foreach (var group in groups)
        {
            where.Append(" AND ").Append(RenderGroup(group, parameters));
        }

        foreach (var clause in excluded)
        {
            where.Append(" AND NOT ").Append(RenderGroup([clause], parameters));
        }

        var scoreTerms = groups.SelectMany(g => g).Where(c => !c.IsPrefix).SelectMany(c => c.Terms).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var countText = $"SELECT VALUE COUNT(1) FROM c WHERE {where}";
        var countParameters = parameters.Values.ToList();

        string orderBy;
        var fullTextScore = scoreTerms.Count == 0
            ? null
            : "FullTextScore(c.content, " + string.Join(", ", scoreTerms.Select(t => parameters.Add("s", t))) + ")";
        string? vectorDistance = null;
        if (queryVector is { Length: > 0 } vector)
        {
            vectorDistance = "VectorDistance(c.vector, " + parameters.Set("@vector", vector.ToArray()) + ")";
        }

        if (fullTextScore is not null && vectorDistance is not null)
        {
            orderBy = $"ORDER BY RANK RRF({fullTextScore}, {vectorDistance})";
        }
        else if (fullTextScore is not null || vectorDistance is not null)
        {
            orderBy = "ORDER BY RANK " + (fullTextScore ?? vectorDistance);
        }
        else
        {
            orderBy = "ORDER BY c.updatedAt DESC, c.id DESC";
        }

        var skip = parameters.Set("@skip", Math.Max(0, query.Skip));
        var take = parameters.Set("@take", Math.Max(0, query.Take));
        var pageText = $"SELECT {CosmosItemProjection.WithContent} FROM c WHERE {where} {orderBy} OFFSET {skip} LIMIT {take}";

        var highlights = groups.SelectMany(g => g)
            .SelectMany(c => c.Terms.Select((t, i) => new HighlightTerm(t, c.IsPrefix && i == c.Terms.Count - 1)))
            .Distinct()
            .ToList();
        return new CosmosSearchQuery(new CosmosQueryText(pageText, parameters.Values), new CosmosQueryText(countText, countParameters), highlights);
    }

    private static void AppendFilters(StringBuilder where, KnowledgeSearchQuery query, QueryParameters parameters)
    {
        where.Append("c.userId = ").Append(parameters.Set("@u", query.UserId));
        where.Append(" AND c.type = ").Append(parameters.Set("@type", KnowledgeItemDocument.ItemType));
        where.Append(" AND c.isDeleted = ").Append(parameters.Set("@deleted", false));
        if (query.ContentType is not null)
        {
            where.Append(" AND c.contentType = ").Append(parameters.Set("@contentType", query.ContentType));
        }

        if (query.From is { } from)
        {
            where.Append(" AND c.createdAt >= ").Append(parameters.Set("@from", CosmosJson.Time(from)));
        }

        if (query.To is { } to)
        {
            where.Append(" AND c.createdAt <= ").Append(parameters.Set("@to", CosmosJson.Time(to)));
        }

        if (query.ItemIds is { } ids)
        {
            where.Append(" AND ARRAY_CONTAINS(").Append(parameters.Set("@itemIds", ids.ToArray())).Append(", c.id)");
        }

        foreach (var tag in query.Tags)
        {
            where.Append(" AND ARRAY_CONTAINS(c.tagPrefixes, ").Append(parameters.Add("tag", tag)).Append(')');
        }
    }

    /// <summary>One clause, or an OR group: "(... OR ...)" over title and content.</summary>
    private static string RenderGroup(IReadOnlyList<Clause> group, QueryParameters parameters)
    {
        // An OR group of plain words: one FullTextContainsAny per field.
        if (group.Count > 1 && group.All(c => !c.IsPrefix && !c.IsPhrase))
        {
            var names = string.Join(", ", group.Select(c => parameters.Add("t", c.Terms[0])));
            return $"(FullTextContainsAny(c.title, {names}) OR FullTextContainsAny(c.content, {names}))";
        }

        return "(" + string.Join(" OR ", group.Select(c => RenderClause(c, parameters))) + ")";
    }

    private static string RenderClause(Clause clause, QueryParameters parameters)
    {
        if (clause.IsPrefix)
        {
            var pattern = parameters.Add("p", PrefixPattern(clause.Terms));
            return $"RegexMatch(c.title, {pattern}, \"i\") OR RegexMatch(c.content, {pattern}, \"i\")";
        }

        var text = parameters.Add("t", string.Join(' ', clause.Terms));
        return $"FullTextContains(c.title, {text}) OR FullTextContains(c.content, {text})";
    }

    /// <summary>\b then the words in order, separated by non-word characters; the last one is a prefix. Terms are regex-escaped.</summary>
    internal static string PrefixPattern(IReadOnlyList<string> terms) =>
        @"\b" + string.Join(@"\W+", terms.Select(System.Text.RegularExpressions.Regex.Escape));

    /// <summary>Positive clauses as AND-ed OR groups, and the excluded ones (as the embedded FTS5 renderer groups them).</summary>
    private static (List<List<Clause>> Groups, List<Clause> Excluded) Group(ParsedSearchQuery query)
    {
        var groups = new List<List<Clause>>();
        var excluded = new List<Clause>();
        var previousWasPositive = false;
        foreach (var source in query.Clauses)
        {
            var terms = source.Terms.Select(Clean).Where(t => t.Length > 0).ToList();
            if (terms.Count == 0)
            {
                continue;
            }

            var clause = new Clause(terms, source.IsPhrase || terms.Count > 1, source.IsPrefix);
            if (source.Negated)
            {
                excluded.Add(clause);
                previousWasPositive = false;
                continue;
            }

            if (source.OrWithPrevious && previousWasPositive)
            {
                groups[^1].Add(clause);
            }
            else
            {
                groups.Add([clause]);
            }

            previousWasPositive = true;
        }

        if (groups.Count == 0)
        {
            throw new ValidationException("query", "The search query needs at least one term that is not excluded.");
        }

        return (groups, excluded);
    }

    /// <summary>Control characters become spaces (terms hold letters and digits; this is defence in depth, values are parameters anyway).</summary>
    private static string Clean(string term) => new string(term.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();

    private sealed record Clause(IReadOnlyList<string> Terms, bool IsPhrase, bool IsPrefix);
}

/// <summary>The rendered search: <see cref="Page"/> (ranked, OFFSET/LIMIT), <see cref="Count"/> (same predicates) and the terms to highlight.</summary>
public sealed record CosmosSearchQuery(CosmosQueryText Page, CosmosQueryText Count, IReadOnlyList<HighlightTerm> Highlights);

/// <summary>A word to mark in snippets; a prefix marks every word starting with it.</summary>
public sealed record HighlightTerm(string Text, bool IsPrefix);
