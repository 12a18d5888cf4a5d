using Kmt.Core.Common;
using Kmt.Core.Graph.Connections;
using Kmt.Functions.Apis.Model;
using Kmt.Functions.Http;
using Kmt.Functions.Middleware;
using Kmt.Functions.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Kmt.Functions.Apis;

/// <summary>api/v1/recommendations/connections: links the caller has not made but probably should (docs/api.md, "Connection recommendations").</summary>
[RateLimited(RateLimitPolicy.Insights)]
public sealed class ConnectionRecommendationFunctions(ConnectionRecommender recommender, IOptions<KmtLimits> limits)
{
    private long MaxBody => limits.Value.MaxRequestBodyBytes;

    [ApiQuery("limit"), ApiResponse(200, typeof(ConnectionRecommendationResponse[]))]
    [Function("Recommendations_Connections")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/recommendations/connections")] HttpRequest req, FunctionContext context, CancellationToken ct) =>
        ApiResult.Ok((await recommender.ListAsync(context.GetCaller(), req.Query["limit"], ct)).Select(ConnectionRecommendationResponse.From).ToArray());

    /// <summary>Creates the links_to relationship (body optional: relationship_type, strength) and answers it.</summary>
    [ApiRequest(typeof(ConnectionAcceptInput)), ApiResponse(201, typeof(RelationshipResponse))]
    [Function("Recommendations_AcceptConnection")]
    public async Task<IActionResult> Accept(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/recommendations/connections/{id}/accept")] HttpRequest req, string id, FunctionContext context, CancellationToken ct)
    {
        var created = await recommender.AcceptAsync(context.GetCaller(), id, await req.ReadOptionalJsonAsync<ConnectionAcceptInput>(MaxBody, ct), ct);
        return ApiResult.Created(RelationshipResponse.From(created), $"/api/v1/knowledge/{created.SourceId}/relationships/{created.Id}").WithETag(created.ETag);
    }

    [ApiResponse(200, typeof(ConnectionDecisionResponse))]
    [Function("Recommendations_DismissConnection")]
    public async Task<IActionResult> Dismiss(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/recommendations/connections/{id}/dismiss")] HttpRequest req, string id, FunctionContext context, CancellationToken ct) =>
        ApiResult.Ok(ConnectionDecisionResponse.From(await recommender.DismissAsync(context.GetCaller(), id, ct)));
}
