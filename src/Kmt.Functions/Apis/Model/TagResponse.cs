using System.Text.Json.Serialization;
using Kmt.Core.Tags;

namespace Kmt.Functions.Apis.Model;

/// <summary>
/// A tag; <c>parent</c> is the path above it (null at the top), so clients can draw the tree.
/// <c>item_count</c> (live items carrying exactly this tag) is in the tag list only.
/// </summary>
public sealed record TagResponse(
    string Id,
    string Name,
    string? Parent,
    string Color,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? ItemCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string Etag)
{
    public static TagResponse From(Tag tag, int? itemCount = null) => new(
        tag.Id,
        tag.Name,
        tag.Name.LastIndexOf('/') is var slash and > 0 ? tag.Name[..slash] : null,
        tag.Color,
        itemCount,
        tag.CreatedAt,
        tag.UpdatedAt,
        tag.ETag);
}
