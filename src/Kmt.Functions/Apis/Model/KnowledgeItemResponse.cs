using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Kmt.Core.Knowledge;

namespace Kmt.Functions.Apis.Model;

/// <summary>A knowledge item on the wire: the seed's knowledge_items fields, tags as names.</summary>
public record KnowledgeItemResponse
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    public required string Content { get; init; }

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
    protected KnowledgeItemResponse(KnowledgeItem item)
    {
        Id = item.Id;
        Title = item.Title;
        Content = item.Content;
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

    public static KnowledgeItemResponse From(KnowledgeItem item) => new(item);
}

/// <summary>A search hit: the item's fields plus its relevance and a highlighted snippet.</summary>
public sealed record SearchHitResponse : KnowledgeItemResponse
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

public sealed record KnowledgeVersionResponse(
    int Version,
    string Title,
    string Content,
    string ContentType,
    string? SourceUrl,
    string? SourceType,
    IReadOnlyList<string> Tags,
    JsonElement Metadata,
    DateTimeOffset CreatedAt,
    DateTimeOffset ReplacedAt)
{
    public static KnowledgeVersionResponse From(KnowledgeItemVersion version) => new(
        version.Version,
        version.Title,
        version.Content,
        version.ContentType,
        version.SourceUrl,
        version.SourceType,
        version.Tags,
        JsonText.ToElement(version.MetadataJson),
        version.CreatedAt,
        version.ReplacedAt);
}

public sealed record DeletedResponse(string Id, bool Deleted, bool Permanent);
