using Kmt.Core.Import;
using Kmt.Functions.Apis.Model;
using Kmt.Functions.Http;
using Kmt.Functions.Middleware;
using Kmt.Functions.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Kmt.Functions.Apis;

/// <summary>
/// api/v1/import: a history file (KMT JSON lines, Readwise CSV, Kindle clippings, a Markdown vault
/// zip, bookmarks HTML) as the raw body; 202 with the import and its status URL (docs/api.md, "Import").
/// </summary>
public sealed class ImportFunctions(ImportService imports)
{
    /// <summary>The format from ?format= or the Content-Type; small files are done when this answers, large ones in the background.</summary>
    [ApiQuery("format"), ApiRequest(typeof(object), ContentType = "application/octet-stream"), ApiResponse(202, typeof(ImportResponse))]
    [Function("Import_Create"), RateLimited(RateLimitPolicy.Upload)]
    public async Task<IActionResult> Create(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/import")] HttpRequest req, FunctionContext context, CancellationToken ct)
    {
        var job = await imports.StartAsync(context.GetCaller(), req.Query["format"], req.ContentType, ImportRequest.FileName(req), req.Body, ct);
        return ApiResult.Accepted(ImportResponse.From(job)).WithHeader("Location", ImportResponse.StatusUrlOf(job.Id));
    }

    /// <summary>Polled by clients, so it counts against the general per-user limit.</summary>
    [ApiResponse(200, typeof(ImportResponse))]
    [Function("Import_Status"), RateLimited(RateLimitPolicy.Knowledge)]
    public async Task<IActionResult> Status(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/import/{id}")] HttpRequest req, string id, FunctionContext context, CancellationToken ct) =>
        ApiResult.Ok(ImportResponse.From(await imports.GetAsync(context.GetCaller(), id, ct)));
}
