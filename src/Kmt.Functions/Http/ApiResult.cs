using System.Text.Json;
using Kmt.Core.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Kmt.Functions.Http;

/// <summary>
/// Writes a response in the envelope. It is an <see cref="IActionResult"/> because that is what the
/// Functions ASP.NET Core integration executes for a function's return value (and what middleware
/// may set as the invocation result to short-circuit); the DevHost executes it the same way.
/// </summary>
public sealed class ApiResult : IActionResult
{
    public const string ApiVersion = "v1";

    private readonly object? _data;
    private readonly ApiError? _error;
    private readonly ApiPagination? _pagination;

    private ApiResult(int statusCode, object? data, ApiError? error, ApiPagination? pagination)
    {
        StatusCode = statusCode;
        _data = data;
        _error = error;
        _pagination = pagination;
    }

    public int StatusCode { get; private set; }

    /// <summary>Extra response headers (ETag, Location, Retry-After...).</summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static ApiResult Ok(object? data) => new(StatusCodes.Status200OK, data, null, null);

    public static ApiResult Created(object? data, string location) =>
        new ApiResult(StatusCodes.Status201Created, data, null, null).WithHeader("Location", location);

    public static ApiResult Accepted(object? data) => new(StatusCodes.Status202Accepted, data, null, null);

    public static ApiResult Paged<T>(Core.Knowledge.PagedResult<T> page, Func<T, object> map) => new(
        StatusCodes.Status200OK,
        page.Items.Select(map).ToArray(),
        null,
        new ApiPagination(page.Page, page.PerPage, page.Total, page.TotalPages, page.NextCursor));

    public static ApiResult Error(ErrorCode code, string message, object? details = null) =>
        new(code.ToHttpStatus(), null, new ApiError(code.ToWireName(), message, details), null);

    public ApiResult WithHeader(string name, string value)
    {
        Headers[name] = value;
        return this;
    }

    public ApiResult WithETag(string etag) => WithHeader("ETag", etag);

    /// <summary>For the rare answer whose status is not its error code's (503 from the health check).</summary>
    public ApiResult WithStatus(int statusCode)
    {
        StatusCode = statusCode;
        return this;
    }

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var http = context.HttpContext;
        var meta = new ApiMeta(DateTimeOffset.UtcNow, RequestIds.Get(http), ApiVersion);
        object envelope = _error is null
            ? new SuccessEnvelope(true, _data, meta, _pagination)
            : new ErrorEnvelope(false, _error, meta);

        http.Response.StatusCode = StatusCode;
        foreach (var (name, value) in Headers)
        {
            http.Response.Headers[name] = value;
        }

        http.Response.ContentType = "application/json; charset=utf-8";
        // Straight into the response's pipe: the Stream overload rents and flushes a buffer of its own first.
        await JsonSerializer.SerializeAsync(http.Response.BodyWriter, envelope, envelope.GetType(), KmtJson.Options, http.RequestAborted);
    }
}
