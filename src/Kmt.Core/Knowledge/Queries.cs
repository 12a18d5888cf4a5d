using Kmt.Core.Common;

namespace Kmt.Core.Knowledge;

public enum KnowledgeSortField
{
    CreatedAt,
    UpdatedAt,
    AccessedAt,
    ImportanceScore,
}

/// <summary>Filters and paging for GET knowledge, always within one user's partition.</summary>
public sealed record KnowledgeListQuery
{
    public required string UserId { get; init; }

    /// <summary>Items carrying this tag or any tag below it ("science" matches "science/physics").</summary>
    public string? Tag { get; init; }

    public string? ContentType { get; init; }

    /// <summary>null: both archived and not.</summary>
    public bool? Archived { get; init; }

    /// <summary>false: live items; true: the trash (soft-deleted items) instead.</summary>
    public bool Deleted { get; init; }

    public DateTimeOffset? UpdatedSince { get; init; }

    public KnowledgeSortField Sort { get; init; } = KnowledgeSortField.CreatedAt;

    public bool Descending { get; init; } = true;

    /// <summary>Only items created at or before this instant: a snapshot, so totals hold while paging.</summary>
    public DateTimeOffset? CreatedAtOrBefore { get; init; }

    /// <summary>Start after this position (keyset paging); when null, skip <see cref="Skip"/> items.</summary>
    public KeysetPosition? After { get; init; }

    public int Skip { get; init; }

    public required int Take { get; init; }
}

/// <summary>
/// A full-text query already parsed from what the user typed (see <see cref="SearchQueryParser"/>),
/// so adapters render a safe query in their own dialect (FTS5 MATCH, Cosmos FullTextContains) and
/// user input can never be a syntax error in the store.
/// </summary>
public sealed record ParsedSearchQuery(IReadOnlyList<SearchClause> Clauses)
{
    public bool IsEmpty => Clauses.All(c => c.Negated);
}

/// <summary>
/// One clause: a term (optionally a prefix) or a phrase; <see cref="Negated"/> excludes matches;
/// clauses with <see cref="OrWithPrevious"/> form an OR group with the clause before; others are ANDed.
/// Terms hold only letters and digits.
/// </summary>
/// <see cref="Quoted"/>: the person typed the clause in quotes (a phrase they asked for), not a word that
/// punctuation split ("real-time", "qt4/qt5").
public sealed record SearchClause(IReadOnlyList<string> Terms, bool IsPhrase, bool IsPrefix, bool Negated, bool OrWithPrevious, bool Quoted = false);

public sealed record KnowledgeSearchQuery
{
    public required string UserId { get; init; }

    public required ParsedSearchQuery Query { get; init; }

    /// <summary>BM25 column weights (title, content, tags) where the adapter's full-text syntax takes them.</summary>
    public SearchFieldWeights Weights { get; init; } = SearchFieldWeights.Default;

    /// <summary>Items carrying all of these tags (each including its descendants).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    public string? ContentType { get; init; }

    /// <summary>Created at or after.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Created at or before.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>
    /// Only these items (by id) when set: a caller that fused rankings reads the snippets of its page's items
    /// with the same query. null: every item.
    /// </summary>
    public IReadOnlyList<string>? ItemIds { get; init; }

    /// <summary>
    /// false: the caller needs the ranking only, so an adapter whose snippets cost work per hit may leave them
    /// empty (the embedded store's FTS5 snippet() does; Cosmos DB builds them in memory from the page and
    /// keeps them). Hybrid search ranks a candidate pool this way and then asks for its page's snippets.
    /// </summary>
    public bool WithSnippets { get; init; } = true;

    public required int Skip { get; init; }

    public required int Take { get; init; }
}

/// <summary>A search hit: the item, its relevance (higher is better) and a snippet with matches marked.</summary>
public sealed record SearchHit(KnowledgeItem Item, double Score, string Snippet);

/// <summary>
/// Snippet match markers; the API documents them so clients can render highlights. A snippet is
/// HTML-escaped text in which matches are wrapped in &lt;mark&gt;…&lt;/mark&gt; (the only markup), so it is
/// safe to insert as HTML.
/// </summary>
public static class SnippetMarkers
{
    public const string Start = "<mark>";
    public const string End = "</mark>";
    public const string Ellipsis = "…";
}
