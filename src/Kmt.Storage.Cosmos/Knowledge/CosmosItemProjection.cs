using Kmt.Core.Knowledge;

namespace Kmt.Storage.Cosmos.Knowledge;

/// <summary>
/// The fields a list or search reads of an item document: everything <see cref="Documents.KnowledgeItemDocument"/>
/// maps except the vector, with the content cut to the preview in the query for lists (docs/api.md,
/// "content_preview"), so a page of long documents never crosses the wire whole.
/// </summary>
public static class CosmosItemProjection
{
    private const string Fields =
        "c.id, c.userId, c.type, c.title, c.contentType, c.sourceUrl, c.sourceType, c.tags, c.tagPrefixes, c.metadataJson, "
        + "c.createdAt, c.updatedAt, c.accessedAt, c.accessCount, c.importanceScore, c.isArchived, c.deletedAt, c.isDeleted, "
        + "c.version, c.wordCount, c.etag, c.contentTruncated, c.originalContentLength, c.sourceUploadId, c.sourceId, "
        + "(IS_DEFINED(c.contentLength) ? c.contentLength : LENGTH(c.content)) AS contentLength";

    /// <summary>For lists: the content's first <see cref="KnowledgePreview.MaxLength"/> chars (LEFT), cut exactly by Core afterwards.</summary>
    public static readonly string Preview = $"{Fields}, LEFT(c.content, {KnowledgePreview.MaxLength}) AS content";

    /// <summary>For search: the whole content, which the snippet is made from (a page holds at most per_page items of at most the content limit).</summary>
    public static readonly string WithContent = $"{Fields}, c.content";
}
