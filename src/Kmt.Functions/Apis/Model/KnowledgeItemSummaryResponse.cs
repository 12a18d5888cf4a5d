using System.Diagnostics.CodeAnalysis;
using Kmt.Core.Knowledge;

namespace Kmt.Functions.Apis.Model;

/// <summary>
/// An item in a list: <c>content_preview</c> (at most <see cref="KnowledgePreview.MaxLength"/> chars) and
/// <c>content_length</c> instead of the content, so a page costs the same however long its items are;
/// GET knowledge/{id} returns the whole content.
/// </summary>
public record KnowledgeItemSummaryResponse : KnowledgeItemFields
{
    [SetsRequiredMembers]
    protected KnowledgeItemSummaryResponse(KnowledgeItem item)
        : base(item)
    {
        ContentPreview = KnowledgePreview.Of(item.Content);
    }

    public required string ContentPreview { get; init; }

    public static KnowledgeItemSummaryResponse From(KnowledgeItem item) => new(item);
}
