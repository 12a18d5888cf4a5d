using Kmt.Core.Common;
using Kmt.Core.Tags;
using Kmt.Functions.Apis.Model;
using Kmt.Functions.Http;
using Kmt.Functions.Middleware;
using Kmt.Functions.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Kmt.Functions.Apis;

/// <summary>api/v1/tags: the caller's hierarchical tags ("science/physics").</summary>
[RateLimited(RateLimitPolicy.Knowledge)]
public sealed class TagsFunctions(TagService tags, IOptions<KmtLimits> limits)
{
    private long MaxBody => limits.Value.MaxRequestBodyBytes;

    [ApiResponse(200, typeof(TagResponse[]))]
    [Function("Tags_List")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/tags")] HttpRequest req, FunctionContext context, CancellationToken ct) =>
        ApiResult.Ok((await tags.ListAsync(context.GetCaller(), ct)).Select(t => TagResponse.From(t.Tag, t.ItemCount)).ToArray());

    [ApiRequest(typeof(TagInput)), ApiResponse(201, typeof(TagResponse))]
    [Function("Tags_Create")]
    public async Task<IActionResult> Create(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/tags")] HttpRequest req, FunctionContext context, CancellationToken ct)
    {
        var tag = await tags.CreateAsync(context.GetCaller(), await req.ReadJsonAsync<TagInput>(MaxBody, ct), ct);
        return ApiResult.Created(TagResponse.From(tag), $"/api/v1/tags/{tag.Id}").WithETag(tag.ETag);
    }

    [ApiResponse(200, typeof(TagResponse))]
    [Function("Tags_Get")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/tags/{id}")] HttpRequest req, string id, FunctionContext context, CancellationToken ct) =>
        Tag(await tags.GetAsync(context.GetCaller(), id, ct));

    /// <summary>PUT replaces name and color. A new name moves the tag, the tags below it, and every item that carries them.</summary>
    [ApiRequest(typeof(TagInput)), ApiResponse(200, typeof(TagResponse))]
    [Function("Tags_Replace")]
    public async Task<IActionResult> Replace(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/tags/{id}")] HttpRequest req, string id, FunctionContext context, CancellationToken ct)
    {
        var input = await req.ReadJsonAsync<TagInput>(MaxBody, ct);
        return Tag(await tags.ReplaceAsync(context.GetCaller(), id, input, IfMatch.Value(req), ct));
    }

    /// <summary>Deletes the tag and takes it off every item; tags below it stay.</summary>
    [ApiResponse(200, Description = "{ id, deleted: true }")]
    [Function("Tags_Delete")]
    public async Task<IActionResult> Delete(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/tags/{id}")] HttpRequest req, string id, FunctionContext context, CancellationToken ct)
    {
        await tags.DeleteAsync(context.GetCaller(), id, ct);
        return ApiResult.Ok(new { id, deleted = true });
    }

    private static ApiResult Tag(Tag tag) => ApiResult.Ok(TagResponse.From(tag)).WithETag(tag.ETag);
}
