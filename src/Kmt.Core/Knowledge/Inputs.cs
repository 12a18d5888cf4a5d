using System.Text.Json;
using Kmt.Core.Common;

namespace Kmt.Core.Knowledge;

/// <summary>The body of POST knowledge and PUT knowledge/{id} (PUT replaces: omitted fields take their defaults).</summary>
public sealed record KnowledgeInput(
    string? Title,
    string? Content,
    string? ContentType,
    string? SourceUrl,
    string? SourceType,
    IReadOnlyList<string>? Tags,
    JsonElement? Metadata,
    bool? IsArchived);

/// <summary>GET knowledge query parameters, raw, so that the use case validates them all in one place.</summary>
public sealed record KnowledgeListRequest(
    string? Tag = null,
    string? ContentType = null,
    string? Archived = null,
    string? Deleted = null,
    string? UpdatedSince = null,
    string? Sort = null,
    string? Order = null,
    string? Page = null,
    string? PerPage = null,
    string? Cursor = null);

/// <summary>The body of POST knowledge/search; <paramref name="Mode"/>: keyword, semantic or hybrid (the default).</summary>
public sealed record SearchInput(
    string? Query,
    IReadOnlyList<string>? Tags,
    string? ContentType,
    DateTimeOffset? From,
    DateTimeOffset? To,
    int? Page,
    int? PerPage,
    string? Mode = null);

/// <summary>A page as the API reports it; <see cref="NextCursor"/> continues exactly after this page.</summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Page, int PerPage, long Total, int TotalPages, string? NextCursor);
