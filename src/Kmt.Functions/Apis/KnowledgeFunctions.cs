using Kmt.Core.Common;
using Kmt.Core.Knowledge;
using Kmt.Functions.Apis.Model;
using Kmt.Functions.Http;
using Kmt.Functions.Middleware;
using Kmt.Functions.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Kmt.Functions.Apis;

/// <summary>api/v1/knowledge: capture, read, replace, version, and trash knowledge items (search: <see cref="KnowledgeSearchFunctions"/>).</summary>
[RateLimited(RateLimitPolicy.Knowledge)]
public sealed class KnowledgeFunctions(KnowledgeService knowledge, IOptions<KmtLimits> limits)
{
    private long MaxBody => limits.Value.MaxRequestBodyBytes;

    /// <summary>Filters: tag (with descendants), content_type, archived, deleted (the trash), updated_since; sort, order; page/per_page or cursor.</summary>
    [ApiQuery("tag", "content_type", "archived", "deleted", "updated_since", "sort", "order", "page", "per_page", "cursor"), ApiResponse(200, typeof(KnowledgeItemSummaryResponse), Paged = true)]
    [Function("Knowledge_List")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/knowledge")] HttpRequest req, FunctionContext context, CancellationToken ct)
    {
        var q = req.Query;
        var request = new KnowledgeListRequest(
            q["tag"], q["content_type"], q["archived"], q["deleted"], q["updated_since"], q["sort"], q["order"], q["page"], q["per_page"], q["cursor"]);
        return ApiResult.Paged(await knowledge.ListAsync(context.GetCaller(), request, ct), KnowledgeItemSummaryResponse.From);
    }

    [ApiRequest(typeof(KnowledgeInput)), ApiResponse(201, typeof(KnowledgeItemResponse))]
    [Function("Knowledge_Create")]
    public async Task<IActionResult> Create(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/knowledge")] HttpRequest req, FunctionContext context, CancellationToken ct)
    {
        var item = await knowledge.CreateAsync(context.GetCaller(), await req.ReadJsonAsync<KnowledgeInput>(MaxBody, ct), ct);
        return ApiResult.Created(KnowledgeItemResponse.From(item), $"/api/v1/knowledge/{item.Id}").WithETag(item.ETag);
    }

    /// <summary>Reading an item counts as an access (accessed_at, access_count); that does not change its ETag.</summary>
    [ApiResponse(200, typeof(KnowledgeItemResponse))]
    [Function("Knowledge_Get")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/knowledge/{id}")] HttpRequest req, string id, FunctionContext context, CancellationToken ct) =>
        Item(await knowledge.GetAsync(context.GetCaller(), id, ct));

    /// <summary>PUT replaces the whole item and needs If-Match with its current ETag (412 when stale).</summary>
    [ApiRequest(typeof(KnowledgeInput)), ApiResponse(200, typeof(KnowledgeItemResponse))]
    [Function("Knowledge_Replace")]
    public async Task<IActionResult> Replace(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/knowledge/{id}")] HttpRequest req, string id, FunctionContext context, CancellationToken ct)
    {
        var input = await req.ReadJsonAsync<KnowledgeInput>(MaxBody, ct);
        return Item(await knowledge.ReplaceAsync(context.GetCaller(), id, input, IfMatch.Value(req), ct));
    }

    /// <summary>Earlier versions, newest first, paged with page/per_page.</summary>
    [ApiQuery("page", "per_page"), ApiResponse(200, typeof(KnowledgeVersionResponse), Paged = true)]
    [Function("Knowledge_Versions")]
    public async Task<IActionResult> Versions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/knowledge/{id}/versions")] HttpRequest req, string id, FunctionContext context, CancellationToken ct) =>
        ApiResult.Paged(await knowledge.ListVersionsAsync(context.GetCaller(), id, req.Query["page"], req.Query["per_page"], ct), KnowledgeVersionResponse.From);

    /// <summary>Moves the item to the trash (restorable); ?permanent=true erases it and its versions.</summary>
    [ApiQuery("permanent"), ApiResponse(200, typeof(DeletedResponse))]
    [Function("Knowledge_Delete")]
    public async Task<IActionResult> Delete(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/knowledge/{id}")] HttpRequest req, string id, FunctionContext context, CancellationToken ct)
    {
        var permanent = ParseFlag(req.Query["permanent"], "permanent");
        await knowledge.DeleteAsync(context.GetCaller(), id, permanent, ct);
        return ApiResult.Ok(new DeletedResponse(id, Deleted: true, permanent));
    }

    [ApiResponse(200, typeof(KnowledgeItemResponse))]
    [Function("Knowledge_Restore")]
    public async Task<IActionResult> Restore(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/knowledge/{id}/restore")] HttpRequest req, string id, FunctionContext context, CancellationToken ct) =>
        Item(await knowledge.RestoreAsync(context.GetCaller(), id, ct));

    private static ApiResult Item(KnowledgeItem item) => ApiResult.Ok(KnowledgeItemResponse.From(item)).WithETag(item.ETag);

    private static bool ParseFlag(string? value, string name) => value switch
    {
        null or "" or "false" => false,
        "true" => true,
        _ => throw new ValidationException(name, "Use true or false."),
    };
}
