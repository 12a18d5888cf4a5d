using System.Text.Json;
using Kmt.Core.Common;
using Microsoft.AspNetCore.Http;

namespace Kmt.Functions.Http;

/// <summary>Reads a JSON request body, turning every way it can be wrong into an envelope error.</summary>
public static class RequestBody
{
    public static async Task<T> ReadJsonAsync<T>(this HttpRequest request, long maxBytes, CancellationToken cancellationToken)
        where T : class
    {
        if (!IsJson(request.ContentType))
        {
            throw new KmtException(
                ErrorCode.UnsupportedMediaType,
                "Send the request body as JSON with Content-Type: application/json.",
                new { content_type = request.ContentType });
        }

        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        var body = await ReadBoundedAsync(request.Body, maxBytes, cancellationToken);
        if (body.Length == 0)
        {
            throw new ValidationException("body", "A JSON body is required.");
        }

        T value;
        try
        {
            value = JsonSerializer.Deserialize<T>(body.Span, KmtJson.Options)
                ?? throw new ValidationException("body", "The JSON body must be an object, not null.");
        }
        catch (JsonException ex)
        {
            throw new ValidationException(FieldFromPath(ex.Path), Describe(ex));
        }

        // Valid JSON can still hold text that is not Unicode ("\ud800"); it could be neither stored
        // nor written back, so it is refused here for every route and every field, free-form or not.
        if (JsonUnicode.FindInvalidString(body.Span) is { } field)
        {
            throw new ValidationException(field, InvalidUnicode);
        }

        return value;
    }

    /// <summary>
    /// Like <see cref="ReadJsonAsync{T}"/> for a body the route makes optional: null when none is sent (no
    /// Content-Type and no content, or Content-Length 0); anything sent is read and checked as usual.
    /// </summary>
    public static async Task<T?> ReadOptionalJsonAsync<T>(this HttpRequest request, long maxBytes, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.ContentLength == 0 || (request.ContentLength is null && string.IsNullOrEmpty(request.ContentType))
            ? null
            : await request.ReadJsonAsync<T>(maxBytes, cancellationToken);
    }

    internal const string InvalidUnicode =
        "This text is not valid Unicode (a lone UTF-16 surrogate such as \\ud800, or bytes that are not UTF-8).";

    /// <summary>"$.events[3].occurred_at" becomes "events[3].occurred_at"; the root becomes "body".</summary>
    internal static string FieldFromPath(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static string Describe(JsonException ex)
    {
        // System.Text.Json messages name .NET types; keep the useful part and say it in API terms.
        if (ex.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return "This field is not part of the request.";
        }

        if (ex.Path is null or "$" && ex.LineNumber == 0 && ex.BytePositionInLine == 0)
        {
            return "The body is not valid JSON.";
        }

        return ex.InnerException is null && ex.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)
            ? "This field has the wrong type or format."
            : $"The body is not valid JSON (line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}).";
    }

    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return false;
        }

        var mediaType = contentType.Split(';', 2)[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBoundedAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        try
        {
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw TooLarge(maxBytes);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (Exception ex) when (ex is BadHttpRequestException or IOException)
        {
            // The client stopped sending (a phone losing its connection): its error, not ours.
            throw new IncompleteRequestException(ex);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static KmtException TooLarge(long maxBytes) => new(
        ErrorCode.PayloadTooLarge,
        $"The request body is larger than the {maxBytes} bytes this API accepts.",
        new { max_bytes = maxBytes });
}
