using Kmt.Core.Common;
using Kmt.Core.Insights.Discovery;
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
/// api/v1/insights/dormant, insights/gaps, insights/feedback and api/v1/recommendations: what the
/// insight pipeline found for the caller (docs/api.md, "Insights").
/// </summary>
[RateLimited(RateLimitPolicy.Insights)]
public sealed class InsightDiscoveryFunctions(InsightService insights, IOptions<KmtLimits> limits)
{
    private long MaxBody => limits.Value.MaxRequestBodyBytes;

    [ApiQuery("limit"), ApiResponse(200, typeof(IReadOnlyList<DormantDiscoveryResponse>))]
    [Function("Insights_ListDormant")]
    public async Task<IActionResult> ListDormant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/insights/dormant")] HttpRequest req, FunctionContext context, CancellationToken ct) =>
        ApiResult.Ok((await insights.ListDormantAsync(context.GetCaller(), req.Query["limit"], ct)).Select(DormantDiscoveryResponse.From).ToArray());

    [ApiQuery("limit"), ApiResponse(200, typeof(IReadOnlyList<KnowledgeGapResponse>))]
    [Function("Insights_ListGaps")]
    public async Task<IActionResult> ListGaps(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/insights/gaps")] HttpRequest req, FunctionContext context, CancellationToken ct) =>
        ApiResult.Ok((await insights.ListGapsAsync(context.GetCaller(), req.Query["limit"], ct)).Select(KnowledgeGapResponse.From).ToArray());

    [ApiResponse(200, typeof(InsightStatusResponse))]
    [Function("Insights_SetDormantStatus")]
    public async Task<IActionResult> SetDormantStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "v1/insights/dormant/{id}")] HttpRequest req, string id, FunctionContext context, CancellationToken ct) =>
        Status(await insights.SetStatusAsync(context.GetCaller(), InsightKinds.Dormant, id, (await req.ReadJsonAsync<InsightStatusInput>(MaxBody, ct)).Status, IfMatch.Value(req), ct));

    [ApiResponse(200, typeof(InsightStatusResponse))]
    [Function("Insights_SetGapStatus")]
    public async Task<IActionResult> SetGapStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "v1/insights/gaps/{id}")] HttpRequest req, string id, FunctionContext context, CancellationToken ct) =>
        Status(await insights.SetStatusAsync(context.GetCaller(), InsightKinds.Gap, id, (await req.ReadJsonAsync<InsightStatusInput>(MaxBody, ct)).Status, IfMatch.Value(req), ct));

    [ApiRequest(typeof(FeedbackInput)), ApiResponse(200, typeof(InsightFeedbackResponse))]
    [Function("Insights_Feedback")]
    public async Task<IActionResult> Feedback(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/insights/feedback")] HttpRequest req, FunctionContext context, CancellationToken ct) =>
        ApiResult.Ok(InsightFeedbackResponse.From(await insights.AddFeedbackAsync(context.GetCaller(), await req.ReadJsonAsync<FeedbackInput>(MaxBody, ct), ct)));

    [ApiQuery("limit"), ApiResponse(200, typeof(IReadOnlyList<ContentRecommendationResponse>))]
    [Function("Recommendations_Content")]
    public async Task<IActionResult> Content(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/recommendations/content")] HttpRequest req, FunctionContext context, CancellationToken ct) =>
        ApiResult.Ok((await insights.ListContentAsync(context.GetCaller(), req.Query["limit"], ct)).Select(ContentRecommendationResponse.From).ToArray());

    [ApiQuery("topic", "limit"), ApiResponse(200, typeof(IReadOnlyList<LearningPathResponse>))]
    [Function("Recommendations_Learning")]
    public async Task<IActionResult> Learning(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/recommendations/learning")] HttpRequest req, FunctionContext context, CancellationToken ct) =>
        ApiResult.Ok((await insights.ListLearningAsync(context.GetCaller(), req.Query["topic"].FirstOrDefault(), req.Query["limit"], ct)).Select(LearningPathResponse.From).ToArray());

    private static ApiResult Status(InsightRecord record) => ApiResult.Ok(InsightStatusResponse.From(record)).WithETag(record.ETag);
}
