using Microsoft.AspNetCore.Http;

namespace Kmt.Functions.Http;

/// <summary>
/// The If-Match header of a replace (PUT): optimistic concurrency on the resource's ETag
/// (docs/api.md, "ETags, If-Match and PUT"). Absent or empty means "replace whatever is there".
/// </summary>
internal static class IfMatch
{
    public static string? Value(HttpRequest req) => req.Headers.IfMatch.ToString() is { Length: > 0 } value ? value : null;
}
