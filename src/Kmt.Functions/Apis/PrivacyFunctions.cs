using Kmt.Core.Common;
using Kmt.Core.Privacy;
using Kmt.Functions.Apis.Model;
using Kmt.Functions.Http;
using Kmt.Functions.Middleware;
using Kmt.Functions.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Kmt.Functions.Apis;

/// <summary>api/v1/users/consents, users/audit and users/export: the caller's privacy rights (docs/api.md, "Privacy").</summary>
[RateLimited(RateLimitPolicy.Knowledge)]
public sealed class PrivacyFunctions(
    ConsentService consents, AuditLogService audit, ExportService exports, IOptions<KmtLimits> limits, IOptions<RateLimitOptions> rateLimits, TimeProvider timeProvider)
{
    [ApiResponse(200, typeof(ConsentsResponse))]
    [Function("Users_GetConsents")]
    public async Task<IActionResult> GetConsents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/consents")] HttpRequest req, FunctionContext context, CancellationToken ct) =>
        Consents(await consents.GetAsync(context.GetCaller(), ct));

    /// <summary>The body names every purpose with true or false; If-Match is honoured when sent.</summary>
    [ApiRequest(typeof(Dictionary<string, bool?>)), ApiResponse(200, typeof(ConsentsResponse))]
    [Function("Users_ReplaceConsents")]
    public async Task<IActionResult> ReplaceConsents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/users/consents")] HttpRequest req, FunctionContext context, CancellationToken ct)
    {
        var input = await req.ReadJsonAsync<Dictionary<string, bool?>>(limits.Value.MaxRequestBodyBytes, ct);
        return Consents(await consents.ReplaceAsync(context.GetCaller(), input, IfMatch.Value(req), Client(context), ct));
    }

    [ApiQuery("page", "per_page", "cursor"), ApiResponse(200, typeof(AuditEntryResponse), Paged = true)]
    [Function("Users_ListAudit")]
    public async Task<IActionResult> ListAudit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/audit")] HttpRequest req, FunctionContext context, CancellationToken ct) =>
        ApiResult.Paged(await audit.ListAsync(context.GetCaller(), req.Query["page"], req.Query["per_page"], req.Query["cursor"], ct), AuditEntryResponse.From);

    /// <summary>202 with the status URL; an export already queued or running is returned instead of a second one.</summary>
    [ApiResponse(202, typeof(ExportResponse))]
    [Function("Users_RequestExport")]
    public async Task<IActionResult> RequestExport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/users/export")] HttpRequest req, FunctionContext context, CancellationToken ct)
    {
        var job = await exports.RequestAsync(context.GetCaller(), Client(context), ct);
        return ApiResult.Accepted(ExportResponse.From(job, timeProvider.GetUtcNow())).WithHeader("Location", ExportResponse.StatusUrlOf(job.Id));
    }

    [ApiResponse(200, typeof(ExportResponse))]
    [Function("Users_GetExport")]
    public async Task<IActionResult> GetExport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/export/{id}")] HttpRequest req, string id, FunctionContext context, CancellationToken ct) =>
        ApiResult.Ok(ExportResponse.From(await exports.GetAsync(context.GetCaller(), id, ct), timeProvider.GetUtcNow()));

    /// <summary>The zip itself (application/zip), streamed from blob storage.</summary>
    [ApiResponse(200, RawContentType = "application/zip", Description = "The export archive.")]
    [Function("Users_DownloadExport")]
    public async Task<IActionResult> DownloadExport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/export/{id}/download")] HttpRequest req, string id, FunctionContext context, CancellationToken ct)
    {
        var (content, job) = await exports.OpenDownloadAsync(context.GetCaller(), id, Client(context), ct);
        return new FileStreamResult(content, "application/zip") { FileDownloadName = $"kmt-export-{job.Id}.zip" };
    }

    private static ApiResult Consents(UserConsents value) => ApiResult.Ok(ConsentsResponse.From(value)).WithETag(value.ETag);

    private Core.Accounts.ClientInfo Client(FunctionContext context) => context.GetClientInfo(rateLimits.Value.ClientIpHeader);
}
