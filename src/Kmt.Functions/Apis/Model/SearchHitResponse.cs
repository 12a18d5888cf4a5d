using System.Diagnostics.CodeAnalysis;
using Kmt.Core.Knowledge;

namespace Kmt.Functions.Apis.Model;

/// <summary>A search hit: the item as a list shows it (preview, not content) plus its relevance and a highlighted snippet.</summary>
public sealed record SearchHitResponse : KnowledgeItemSummaryResponse
{
    [SetsRequiredMembers]
    private SearchHitResponse(SearchHit hit)
        : base(hit.Item)
    {
        Score = hit.Score;
        Snippet = hit.Snippet;
    }

    public required double Score { get; init; }

    /// <summary>HTML-escaped text in which matches are wrapped in &lt;mark&gt;…&lt;/mark&gt;; safe to insert as HTML.</summary>
    public required string Snippet { get; init; }

    public static SearchHitResponse From(SearchHit hit) => new(hit);
}
