using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Kmt.Functions.Http;

/// <summary>What POST import reads of the request besides its body.</summary>
public static class ImportRequest
{
    /// <summary>?file_name=, else the filename of a Content-Disposition header; null when neither is sent.</summary>
    public static string? FileName(HttpRequest req)
    {
        ArgumentNullException.ThrowIfNull(req);
        if (req.Query["file_name"].ToString() is { Length: > 0 } named)
        {
            return named;
        }

        return ContentDispositionHeaderValue.TryParse(req.Headers.ContentDisposition.ToString(), out var disposition)
            ? (disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : disposition.FileName.Value?.Trim('"'))
            : null;
    }
}
