using Kmt.Core.Common;
using Kmt.Core.Uploads;
using Microsoft.AspNetCore.Http;

namespace Kmt.Functions.Http;

/// <summary>Reads a multipart/form-data upload: every file part, plus optional "title" and "tags" fields.</summary>
public static class MultipartUpload
{
    public static async Task<(IReadOnlyList<IncomingFile> Files, UploadDetails Details)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType || !(request.ContentType ?? "").StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw new KmtException(
                ErrorCode.UnsupportedMediaType,
                "Send files as multipart/form-data (one or more file parts, optional title and tags fields).",
                new { content_type = request.ContentType });
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            // Thrown for malformed multipart bodies and for parts over the form limits.
            throw new ValidationException("body", $"The multipart body could not be read: {ex.Message}");
        }

        var files = form.Files
            .Select(f => new IncomingFile(f.FileName, f.ContentType, f.OpenReadStream(), f.Length))
            .ToArray();

        // Tags may come as repeated "tags" fields or one comma-separated field.
        var tags = form["tags"]
            .SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .ToArray();
        var title = form["title"].ToString();
        return (files, new UploadDetails(string.IsNullOrWhiteSpace(title) ? null : title, tags.Length == 0 ? null : tags));
    }
}
