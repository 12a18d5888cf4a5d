using System.Text;
using Kmt.Core.Common;
using Kmt.Core.Uploads;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Kmt.Functions.Http;

/// <summary>Reads a multipart/form-data upload: every file part, plus optional "title" and "tags" fields.</summary>
/// <remarks>
/// Streams the body section by section (docs/api.md, "Uploads"): a file is copied into a temporary file
/// (deleted with the request) and reading stops with PAYLOAD_TOO_LARGE the moment it passes
/// <see cref="UploadOptions.MaxFileBytes"/>, and with a 400 once more than
/// <see cref="UploadOptions.MaxFilesPerRequest"/> files arrive; a text field stops at
/// the field limit the caller passes. ASP.NET Core's form reader would buffer the whole body (up to its
/// own 128 MB limit) before any of these checks could run.
/// </remarks>
public static class MultipartUpload
{
    private const int BufferSize = 81_920;

    /// <param name="request">The POST upload request.</param>
    /// <param name="options">The per-file and per-request limits.</param>
    /// <param name="maxFieldBytes">The most a title or tags field may hold.</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    public static async Task<(IReadOnlyList<IncomingFile> Files, UploadDetails Details)> ReadAsync(
        HttpRequest request, UploadOptions options, long maxFieldBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        var boundary = Boundary(request);
        var reader = new MultipartReader(boundary, request.Body);
        var files = new List<IncomingFile>();
        var titles = new List<string>();
        var tagFields = new List<string>();
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (disposition.IsFileDisposition())
                {
                    if (files.Count == options.MaxFilesPerRequest)
                    {
                        throw new ValidationException("files", $"Send at most {options.MaxFilesPerRequest} files per request.");
                    }

                    var content = await BufferFileAsync(request.HttpContext, section.Body, options.MaxFileBytes, cancellationToken);
                    var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "";
                    files.Add(new IncomingFile(fileName, section.ContentType, content, content.Length));
                }
                else
                {
                    var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                    var value = await ReadFieldAsync(section.Body, maxFieldBytes, cancellationToken);
                    if (string.Equals(name, "title", StringComparison.Ordinal))
                    {
                        titles.Add(value);
                    }
                    else if (string.Equals(name, "tags", StringComparison.Ordinal))
                    {
                        tagFields.Add(value);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or DecoderFallbackException)
        {
            // Malformed multipart framing, headers over MultipartReader's limits, or text that is not UTF-8.
            throw new ValidationException("body", $"The multipart body could not be read: {ex.Message}");
        }

        // Tags may come as repeated "tags" fields or one comma-separated field.
        var tags = tagFields
            .SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .ToArray();
        var title = string.Join(',', titles);
        return (files, new UploadDetails(string.IsNullOrWhiteSpace(title) ? null : title, tags.Length == 0 ? null : tags));
    }

    private static string Boundary(HttpRequest request)
    {
        if (!(request.ContentType ?? "").StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || !MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType))
        {
            throw new KmtException(
                ErrorCode.UnsupportedMediaType,
                "Send files as multipart/form-data (one or more file parts, optional title and tags fields).",
                new { content_type = request.ContentType });
        }

        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrWhiteSpace(boundary) || boundary.Length > 70)
        {
            throw new ValidationException("body", "The multipart boundary is missing or longer than 70 characters.");
        }

        return boundary;
    }

    /// <summary>Copies one file part into a temporary file, refusing as soon as it passes <paramref name="maxBytes"/>.</summary>
    private static async Task<Stream> BufferFileAsync(HttpContext context, Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), "kmt-upload-" + Guid.NewGuid().ToString("N"));
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, BufferSize, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        context.Response.RegisterForDisposeAsync(file);
        var buffer = new byte[BufferSize];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > maxBytes)
            {
                throw UploadRules.TooLarge(maxBytes);
            }

            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        file.Position = 0;
        return file;
    }

    private static async Task<string> ReadFieldAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        using var memory = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (memory.Length + read > maxBytes)
            {
                throw new ValidationException("body", $"A form field may hold at most {maxBytes} bytes.");
            }

            memory.Write(buffer, 0, read);
        }

        return new UTF8Encoding(false, true).GetString(memory.GetBuffer(), 0, (int)memory.Length);
    }
}
