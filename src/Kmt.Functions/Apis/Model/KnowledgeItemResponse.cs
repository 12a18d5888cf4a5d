using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Kmt.Core.Knowledge;

namespace Kmt.Functions.Apis.Model;

/// <summary>
/// A knowledge item on the wire as GET knowledge/{id}, POST and PUT return it: the whole content
/// (lists and search return <see cref="KnowledgeItemSummaryResponse"/>, a bounded preview instead).
/// </summary>
public sealed record KnowledgeItemResponse : KnowledgeItemFields
{
    [SetsRequiredMembers]
    private KnowledgeItemResponse(KnowledgeItem item)
        : base(item)
    {
        Content = item.Content;
    }

    public required string Content { get; init; }

    public static KnowledgeItemResponse From(KnowledgeItem item) => new(item);
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
