using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Kmt.Core.Knowledge;

namespace Kmt.Functions.Apis.Model;

/// <summary>
/// The fields every shape of a knowledge item has on the wire (the seed's knowledge_items, tags as
/// names), plus the content's length and, for a long document stored truncated, where its original is
/// (docs/api.md, "Long documents").
/// </summary>
public abstract record KnowledgeItemFields
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    /// <summary>UTF-16 chars of the stored content.</summary>
    public required int ContentLength { get; init; }

    /// <summary>True when the content is the head of a longer uploaded document.</summary>
    public required bool ContentTruncated { get; init; }

    /// <summary>Chars of the whole extracted text, when truncated.</summary>
    public int? OriginalContentLength { get; init; }

    /// <summary>The upload the item was made from (GET upload/{id}); null for typed items.</summary>
    public string? SourceUploadId { get; init; }

    /// <summary>The item's id in the history it was imported from (docs/api.md, "Import"); null for items made in KMT.</summary>
    public string? SourceId { get; init; }

    public required string ContentType { get; init; }

    public string? SourceUrl { get; init; }

    public string? SourceType { get; init; }

    public required IReadOnlyList<string> Tags { get; init; }

    public required JsonElement Metadata { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public required DateTimeOffset AccessedAt { get; init; }

    public required int AccessCount { get; init; }

    public required double ImportanceScore { get; init; }

    public required bool IsArchived { get; init; }

    public DateTimeOffset? DeletedAt { get; init; }

    public required int Version { get; init; }

    public required int WordCount { get; init; }

    public required string Etag { get; init; }

    [SetsRequiredMembers]
    protected KnowledgeItemFields(KnowledgeItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        Id = item.Id;
        Title = item.Title;
        ContentLength = item.ContentLength;
        ContentTruncated = item.ContentTruncated;
        OriginalContentLength = item.OriginalContentLength;
        SourceUploadId = item.SourceUploadId;
        SourceId = item.SourceId;
        ContentType = item.ContentType;
        SourceUrl = item.SourceUrl;
        SourceType = item.SourceType;
        Tags = item.Tags;
        Metadata = JsonText.ToElement(item.MetadataJson);
        CreatedAt = item.CreatedAt;
        UpdatedAt = item.UpdatedAt;
        AccessedAt = item.AccessedAt;
        AccessCount = item.AccessCount;
        ImportanceScore = item.ImportanceScore;
        IsArchived = item.IsArchived;
        DeletedAt = item.DeletedAt;
        Version = item.Version;
        WordCount = item.WordCount;
        Etag = item.ETag;
    }
}
