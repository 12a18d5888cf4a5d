using Kmt.Core.Common;
using Kmt.Core.Graph;
using Kmt.Functions.Apis.Model;
using Kmt.Graph.Analytics.Knowledge;
using Kmt.Functions.Http;
using Kmt.Functions.Middleware;
using Kmt.Functions.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Kmt.Functions.Apis;

/// <summary>api/v1/graph: the caller's temporal knowledge graph.</summary>
[RateLimited(RateLimitPolicy.Knowledge)]
public sealed class GraphFunctions(GraphQueryService graph, GraphAnalyticsService analytics, EntitySplitService splits, IOptions<KmtLimits> limits)
{
    /// <summary>as_of (valid time) and known_at (system time) default to now; center, depth and limit bound the answer.</summary>
    [ApiQuery("as_of", "known_at", "center", "depth", "limit"), ApiResponse(200, typeof(GraphResponse))]
    [Function("Graph_Get")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/graph")] HttpRequest req, FunctionContext context, CancellationToken ct) =>
        ApiResult.Ok(GraphResponse.From(await graph.GetAsync(context.GetCaller(), new GraphRequest(req.Query["as_of"], req.Query["known_at"], req.Query["center"], req.Query["depth"], req.Query["limit"]), ct)));

    /// <summary>Entities ranked by PageRank, each with its item count and monthly trend; limit bounds the list.</summary>
    [ApiQuery("limit"), ApiResponse(200, typeof(EntityRanking))]
    [Function("Graph_Entities")]
    public async Task<IActionResult> Entities(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/graph/entities")] HttpRequest req, FunctionContext context, CancellationToken ct) =>
        ApiResult.Ok(await analytics.RankEntitiesAsync(context.GetCaller(), req.Query["limit"], ct));

    /// <summary>One entity with its items, related entities and timeline; 404 unless it is the caller's.</summary>
    [ApiResponse(200, typeof(EntityDetail))]
    [Function("Graph_Entity")]
    public async Task<IActionResult> Entity(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/graph/entities/{id}")] HttpRequest req, string id, FunctionContext context, CancellationToken ct) =>
        ApiResult.Ok(await analytics.GetEntityAsync(context.GetCaller(), id, ct));

    /// <summary>Undoes a merge: the named merged_from name becomes its own entity again with the mentions that came from it; 404 unless the entity is the caller's and has merged that name.</summary>
    [ApiRequest(typeof(EntitySplitInput)), ApiResponse(200, typeof(EntitySplitResult))]
    [Function("Graph_SplitEntity")]
    public async Task<IActionResult> Split(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/graph/entities/{id}/split")] HttpRequest req, string id, FunctionContext context, CancellationToken ct) =>
        ApiResult.Ok(await splits.SplitAsync(context.GetCaller(), id, await req.ReadJsonAsync<EntitySplitInput>(limits.Value.MaxRequestBodyBytes, ct), ct));

    /// <summary>The fewest-hop path between two item or entity ids, with each edge's evidence; path is null when they are not connected.</summary>
    [ApiQuery("from", "to"), ApiResponse(200, typeof(GraphPathAnswer))]
    [Function("Graph_Path")]
    public async Task<IActionResult> Path(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/graph/path")] HttpRequest req, FunctionContext context, CancellationToken ct) =>
        ApiResult.Ok(await analytics.FindPathAsync(context.GetCaller(), req.Query["from"], req.Query["to"], ct));

    /// <summary>Louvain communities named by their top entities, with members, modularity and growth.</summary>
    [ApiResponse(200, typeof(CommunityList))]
    [Function("Graph_Communities")]
    public async Task<IActionResult> Communities(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/graph/communities")] HttpRequest req, FunctionContext context, CancellationToken ct) =>
        ApiResult.Ok(await analytics.DetectCommunitiesAsync(context.GetCaller(), ct));
}
