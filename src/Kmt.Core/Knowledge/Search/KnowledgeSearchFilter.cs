namespace Kmt.Core.Knowledge.Search;

/// <summary>
/// The search filters as a rule on one item, for results that do not come from the knowledge store's own
/// filtered query (semantic candidates from the embedding store): live, the caller's, the content type, the
/// creation range, and every tag (an item carries a tag when it has it or a tag below it).
/// </summary>
public static class KnowledgeSearchFilter
{
    public static bool Matches(KnowledgeItem item, KnowledgeSearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(query);
        return item.UserId == query.UserId
            && item.DeletedAt is null
            && (query.ContentType is null || string.Equals(item.ContentType, query.ContentType, StringComparison.Ordinal))
            && (query.From is not { } from || item.CreatedAt >= from)
            && (query.To is not { } to || item.CreatedAt <= to)
            && query.Tags.All(tag => item.Tags.Any(t => t == tag || t.StartsWith(tag + "/", StringComparison.Ordinal)));
    }
}
