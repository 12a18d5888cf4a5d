using Kmt.Core.Common;
using Kmt.Core.Uploads;
using Kmt.Functions.Apis.Model;
using Kmt.Functions.Http;
using Kmt.Functions.Middleware;
using Kmt.Functions.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Kmt.Functions.Apis;

/// <summary>
/// api/v1/upload: send documents and walk away. Each file becomes an upload that the blob trigger
/// (<see cref="Triggers.IngestionFunction"/>) turns into a knowledge item; its status says how that went.
/// </summary>
public sealed class UploadFunctions(UploadService uploads, IOptions<KmtLimits> limits, IOptions<UploadOptions> uploadOptions)
{
    /// <summary>multipart/form-data with one or more files and optional title and tags: 202 with one upload per file.</summary>
    [ApiRequest(typeof(object), ContentType = "multipart/form-data"), ApiResponse(202, typeof(UploadStatusResponse[]))]
    [Function("Upload_Create"), RateLimited(RateLimitPolicy.Upload)]
    public async Task<IActionResult> Create(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/upload")] HttpRequest req, FunctionContext context, CancellationToken ct)
    {
        var (files, details) = await MultipartUpload.ReadAsync(req, uploadOptions.Value, limits.Value.MaxRequestBodyBytes, ct);
        var created = await uploads.CreateAsync(context.GetCaller(), files, details, ct);
        return ApiResult.Accepted(created.Select(UploadStatusResponse.From).ToArray());
    }

    /// <summary>
    /// Step one of a two-step upload (large files, mobile): answers where to send the bytes. On Azure
    /// that is a short-lived SAS URL for exactly one blob; locally it is PUT upload/{id}/content.
    /// </summary>
    [ApiRequest(typeof(BeginUploadInput)), ApiResponse(201, typeof(UploadSessionResponse))]
    [Function("Upload_BeginSession"), RateLimited(RateLimitPolicy.Upload)]
    public async Task<IActionResult> BeginSession(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/upload/sessions")] HttpRequest req, FunctionContext context, CancellationToken ct)
    {
        var begun = await uploads.BeginAsync(context.GetCaller(), await req.ReadJsonAsync<BeginUploadInput>(limits.Value.MaxRequestBodyBytes, ct), ct);
        return ApiResult.Created(UploadSessionResponse.From(begun), UploadStatusResponse.StatusUrlOf(begun.Upload.Id));
    }

    /// <summary>Step two, locally: the raw bytes of the file as the body (any content type).</summary>
    [ApiRequest(typeof(object), ContentType = "application/octet-stream"), ApiResponse(202, typeof(UploadStatusResponse))]
    [Function("Upload_PutContent"), RateLimited(RateLimitPolicy.Knowledge)]
    public async Task<IActionResult> PutContent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/upload/{id}/content")] HttpRequest req, string id, FunctionContext context, CancellationToken ct) =>
        ApiResult.Accepted(UploadStatusResponse.From(await uploads.ReceiveContentAsync(context.GetCaller(), id, req.Body, ct)));

    /// <summary>Polled by clients, so it counts against the general per-user limit, not the upload one.</summary>
    [ApiResponse(200, typeof(UploadStatusResponse))]
    [Function("Upload_Status"), RateLimited(RateLimitPolicy.Knowledge)]
    public async Task<IActionResult> Status(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/upload/{id}/status")] HttpRequest req, string id, FunctionContext context, CancellationToken ct) =>
        ApiResult.Ok(UploadStatusResponse.From(await uploads.GetStatusAsync(context.GetCaller(), id, ct)));
}
