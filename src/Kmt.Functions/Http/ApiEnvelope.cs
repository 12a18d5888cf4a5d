using System.Text.Json.Serialization;

namespace Kmt.Functions.Http;

// The response envelope of the seed's 5.2: every response, success or error, has this shape.

public sealed record ApiMeta(DateTimeOffset Timestamp, string RequestId, string Version);

public sealed record ApiPagination(int Page, int PerPage, long Total, int TotalPages, string? NextCursor);

public sealed record SuccessEnvelope(
    bool Success,
    object? Data,
    ApiMeta Meta,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ApiPagination? Pagination);

public sealed record ApiError(
    string Code,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] object? Details);

public sealed record ErrorEnvelope(bool Success, ApiError Error, ApiMeta Meta);
