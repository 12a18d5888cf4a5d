using Kmt.Core.Common;

namespace Kmt.Core.Knowledge;

/// <summary>
/// The bounded view of an item's content that lists and search return (docs/api.md, "content_preview"):
/// a listing of 100 items costs at most 100 × 500 chars, however long the items are. Stores project
/// the preview in their query where they can, so a list never loads whole documents.
/// </summary>
public static class KnowledgePreview
{
    /// <summary>Chars of content a list or search result carries at most.</summary>
    public const int MaxLength = 500;

    /// <summary>The preview of <paramref name="content"/>: its first <see cref="MaxLength"/> chars, never half a surrogate pair.</summary>
    public static string Of(string content) => TextCut.Head(content ?? "", MaxLength);

    /// <summary>The item as a list or search returns it: content cut to the preview, its length kept.</summary>
    public static KnowledgeItem ForListing(KnowledgeItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Content.Length <= MaxLength ? item : item with { Content = Of(item.Content) };
    }
}
