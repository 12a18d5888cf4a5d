namespace Kmt.Functions.OpenApi;

/// <summary>
/// A success answer of a function: its status and what the envelope's data holds. Every HTTP
/// function carries at least one (a test enforces it), so the OpenAPI document never guesses.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ApiResponseAttribute(int statusCode, Type? dataType = null) : Attribute
{
    public int StatusCode { get; } = statusCode;

    /// <summary>The type of the envelope's data; null for a small ad-hoc object.</summary>
    public Type? DataType { get; } = dataType;

    /// <summary>data is a page of <see cref="DataType"/> and the envelope carries pagination.</summary>
    public bool Paged { get; init; }

    /// <summary>The body is not the JSON envelope but this media type (text/csv, a file download).</summary>
    public string? RawContentType { get; init; }

    public string? Description { get; init; }
}
