using Kmt.Core.Common;
using Kmt.Core.Graph;
using Kmt.Functions.Apis.Model;
using Kmt.Functions.Http;
using Kmt.Functions.Middleware;
using Kmt.Functions.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Kmt.Functions.Apis;

/// <summary>api/v1/knowledge/{id}/relationships: the caller's typed links between their items.</summary>
[RateLimited(RateLimitPolicy.Knowledge)]
public sealed class RelationshipFunctions(RelationshipService relationships, IOptions<KmtLimits> limits)
{
    private long MaxBody => limits.Value.MaxRequestBodyBytes;

    /// <summary>The item's current relationships, outgoing and incoming.</summary>
    [ApiResponse(200, typeof(RelationshipResponse[]))]
    [Function("Relationships_List")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/knowledge/{id}/relationships")] HttpRequest req, string id, FunctionContext context, CancellationToken ct) =>
        ApiResult.Ok((await relationships.ListAsync(context.GetCaller(), id, ct)).Select(RelationshipResponse.From).ToArray());

    [ApiRequest(typeof(RelationshipInput)), ApiResponse(201, typeof(RelationshipResponse))]
    [Function("Relationships_Create")]
    public async Task<IActionResult> Create(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/knowledge/{id}/relationships")] HttpRequest req, string id, FunctionContext context, CancellationToken ct)
    {
        var created = await relationships.CreateAsync(context.GetCaller(), id, await req.ReadJsonAsync<RelationshipInput>(MaxBody, ct), ct);
        return ApiResult.Created(RelationshipResponse.From(created), $"/api/v1/knowledge/{id}/relationships/{created.Id}").WithETag(created.ETag);
    }

    /// <summary>PUT replaces relationship_type, strength and metadata (If-Match optional; 412 when stale).</summary>
    [ApiRequest(typeof(RelationshipInput)), ApiResponse(200, typeof(RelationshipResponse))]
    [Function("Relationships_Replace")]
    public async Task<IActionResult> Replace(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/knowledge/{id}/relationships/{relId}")] HttpRequest req, string id, string relId, FunctionContext context, CancellationToken ct)
    {
        var input = await req.ReadJsonAsync<RelationshipInput>(MaxBody, ct);
        var replaced = await relationships.ReplaceAsync(context.GetCaller(), id, relId, input, IfMatch.Value(req), ct);
        return ApiResult.Ok(RelationshipResponse.From(replaced)).WithETag(replaced.ETag);
    }

    [ApiResponse(200, Description = "{ id, deleted: true }")]
    [Function("Relationships_Delete")]
    public async Task<IActionResult> Delete(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/knowledge/{id}/relationships/{relId}")] HttpRequest req, string id, string relId, FunctionContext context, CancellationToken ct)
    {
        await relationships.DeleteAsync(context.GetCaller(), id, relId, ct);
        return ApiResult.Ok(new { id = relId, deleted = true });
    }
}
