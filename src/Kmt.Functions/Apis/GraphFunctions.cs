using Kmt.Core.Graph;
using Kmt.Functions.Apis.Model;
using Kmt.Functions.Http;
using Kmt.Functions.Middleware;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Kmt.Functions.Apis;

/// <summary>api/v1/graph: the caller's temporal knowledge graph.</summary>
[RateLimited(RateLimitPolicy.Knowledge)]
public sealed class GraphFunctions(GraphQueryService graph)
{
    /// <summary>as_of (valid time) and known_at (system time) default to now; center, depth and limit bound the answer.</summary>
    [Function("Graph_Get")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/graph")] HttpRequest req, FunctionContext context, CancellationToken ct) =>
        ApiResult.Ok(GraphResponse.From(await graph.GetAsync(context.GetCaller(), new GraphRequest(req.Query["as_of"], req.Query["known_at"], req.Query["center"], req.Query["depth"], req.Query["limit"]), ct)));
}
