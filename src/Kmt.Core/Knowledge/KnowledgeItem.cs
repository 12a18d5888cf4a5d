namespace Kmt.Core.Knowledge;

/// <summary>A captured note, article or document (the seed's knowledge_items). Partition: UserId.</summary>
public sealed record KnowledgeItem
{
    public required string Id { get; init; }

    public required string UserId { get; init; }

    public required string Title { get; init; }

    /// <summary>
    /// The item's text. Items returned by <see cref="IKnowledgeStore.ListAsync"/> and
    /// <see cref="IKnowledgeStore.SearchAsync"/> carry only its first
    /// <see cref="KnowledgePreview.MaxLength"/> chars here (see <see cref="ContentLength"/> for the whole).
    /// </summary>
    public string Content { get; init; } = "";

    /// <summary>UTF-16 chars of the stored content, also when <see cref="Content"/> holds only the preview.</summary>
    public int ContentLength { get; init; }

    /// <summary>
    /// Set when the item holds only the head of a longer document (an ingested file whose text exceeds
    /// the API's content limit): the whole text stays searchable and its original is
    /// <see cref="SourceUploadId"/>'s file (docs/api.md, "Long documents").
    /// </summary>
    public bool ContentTruncated { get; init; }

    /// <summary>UTF-16 chars of the whole extracted text when <see cref="ContentTruncated"/>.</summary>
    public int? OriginalContentLength { get; init; }

    /// <summary>The upload this item was made from (GET upload/{id} describes the original file); null for typed items.</summary>
    public string? SourceUploadId { get; init; }

    /// <summary>
    /// The id the item has in the history it was imported from (docs/api.md, "Import"): unique per user,
    /// so a re-import finds the item instead of making a second one. Null for items made in KMT.
    /// </summary>
    public string? SourceId { get; init; }

    /// <summary>text, markdown, html, article, note, document, ... (lower case, see <see cref="ContentTypes"/>).</summary>
    public required string ContentType { get; init; }

    public string? SourceUrl { get; init; }

    public string? SourceType { get; init; }

    /// <summary>Tag paths ("science/physics"), distinct, in the order the user gave them.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The item's metadata object as raw JSON text ("{}" when none).</summary>
    public string MetadataJson { get; init; } = "{}";

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public required DateTimeOffset AccessedAt { get; init; }

    public int AccessCount { get; init; }

    public double ImportanceScore { get; init; }

    public bool IsArchived { get; init; }

    /// <summary>Set while the item is in the trash (soft-deleted); restorable until erased.</summary>
    public DateTimeOffset? DeletedAt { get; init; }

    /// <summary>1 on create, +1 on every replace; earlier versions are kept as <see cref="KnowledgeItemVersion"/>.</summary>
    public int Version { get; init; } = 1;

    /// <summary>Words in <see cref="Content"/>, for reading speed; kept so reading events need not recount.</summary>
    public int WordCount { get; init; }

    public required string ETag { get; init; }

    /// <summary>
    /// Set by every write that the knowledge graph must follow (in the same store write as the item),
    /// cleared once the graph reflects this ETag: a crash between the two loses nothing, the nightly
    /// reconciliation finds the mark (docs/design/graph.md, "Knowledge graph").
    /// </summary>
    public DateTimeOffset? GraphPendingSince { get; init; }
}

/// <summary>The content of an item as it was before a replace.</summary>
public sealed record KnowledgeItemVersion
{
    public required string ItemId { get; init; }

    public required string UserId { get; init; }

    public required int Version { get; init; }

    public required string Title { get; init; }

    public required string Content { get; init; }

    public required string ContentType { get; init; }

    public string? SourceUrl { get; init; }

    public string? SourceType { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public string MetadataJson { get; init; } = "{}";

    /// <summary>When this version was written (the item's UpdatedAt at the time).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it was superseded by the next version.</summary>
    public required DateTimeOffset ReplacedAt { get; init; }
}

public static class ContentTypes
{
    public const string Html = "html";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        "text", "markdown", "html", "article", "note", "document", "book", "video", "podcast", "paper", "bookmark",
    };
}
