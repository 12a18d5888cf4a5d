using Kmt.Core.Common;
using Kmt.Core.Knowledge;
using Kmt.Core.Knowledge.Search;
using Kmt.Functions.Apis.Model;
using Kmt.Functions.Http;
using Kmt.Functions.Middleware;
using Kmt.Functions.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Kmt.Functions.Apis;

/// <summary>api/v1/knowledge/search (keyword, semantic, hybrid) and api/v1/knowledge/{id}/related (docs/api.md, "Search", "Related notes").</summary>
[RateLimited(RateLimitPolicy.Knowledge)]
public sealed class KnowledgeSearchFunctions(KnowledgeSearchService search, IOptions<KmtLimits> limits)
{
    [ApiRequest(typeof(SearchInput)), ApiResponse(200, typeof(SearchHitResponse), Paged = true)]
    [Function("Knowledge_Search")]
    public async Task<IActionResult> Search(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/knowledge/search")] HttpRequest req, FunctionContext context, CancellationToken ct) =>
        ApiResult.Paged(await search.SearchAsync(context.GetCaller(), await req.ReadJsonAsync<SearchInput>(limits.Value.MaxRequestBodyBytes, ct), ct), SearchHitResponse.From);

    /// <summary>?limit= (1-50, default 10), ?exclude_linked=true|false (default false).</summary>
    [ApiQuery("limit", "exclude_linked"), ApiResponse(200, typeof(IReadOnlyList<RelatedNoteResponse>))]
    [Function("Knowledge_Related")]
    public async Task<IActionResult> Related(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/knowledge/{id}/related")] HttpRequest req, string id, FunctionContext context, CancellationToken ct) =>
        ApiResult.Ok((await search.RelatedAsync(context.GetCaller(), id, req.Query["limit"], req.Query["exclude_linked"], ct)).Select(RelatedNoteResponse.From).ToList());
}
