using Kmt.Core.Knowledge;

namespace Kmt.Storage.Embedded.Tests;

/// <summary>Builds parsed queries the way the Core parser would.</summary>
internal static class Search
{
    public static SearchClause Term(string term, bool prefix = false, bool negated = false, bool or = false) =>
        new([term], IsPhrase: false, IsPrefix: prefix, Negated: negated, OrWithPrevious: or);

    public static SearchClause Phrase(params string[] terms) => new(terms, IsPhrase: true, IsPrefix: false, Negated: false, OrWithPrevious: false);

    public static KnowledgeSearchQuery For(string userId, params SearchClause[] clauses) =>
        new() { UserId = userId, Query = new ParsedSearchQuery(clauses), Skip = 0, Take = 20 };

    public static KnowledgeSearchQuery For(string userId, string term) => For(userId, Term(term));
}
