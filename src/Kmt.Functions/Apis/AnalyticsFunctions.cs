using Kmt.Core.Activity;
using Kmt.Core.Analytics;
using Kmt.Core.Common;
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
/// api/v1/analytics: the raw activity (track) and what is computed from it (dashboard, consumption,
/// learning, trends, export), read from the stored learning metrics (docs/api.md, "Analytics").
/// </summary>
[RateLimited(RateLimitPolicy.Analytics)]
public sealed class AnalyticsFunctions(ActivityService activity, AnalyticsService analytics, IOptions<KmtLimits> limits)
{
    /// <summary>A batch of events; events with an id the server has already seen are skipped, so retries are safe.</summary>
    [ApiRequest(typeof(TrackInput)), ApiResponse(200, typeof(TrackResponse))]
    [Function("Analytics_Track")]
    public async Task<IActionResult> Track(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/analytics/track")] HttpRequest req, FunctionContext context, CancellationToken ct)
    {
        var input = await req.ReadJsonAsync<TrackInput>(limits.Value.MaxRequestBodyBytes, ct);
        return ApiResult.Ok(TrackResponse.From(await activity.TrackAsync(context.GetCaller(), input, ct)));
    }

    /// <summary>Totals, streaks, sources, content types, growing and fading tags and the series of the period.</summary>
    [ApiQuery("from", "to", "granularity", "tz"), ApiResponse(200, typeof(AnalyticsDashboardResponse))]
    [Function("Analytics_Dashboard")]
    public async Task<IActionResult> Dashboard(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/analytics/dashboard")] HttpRequest req, FunctionContext context, CancellationToken ct) =>
        ApiResult.Ok(AnalyticsDashboardResponse.From(await analytics.GetReportAsync(context.GetCaller(), Query(req), ct)));

    /// <summary>Items captured and read, reading time and speed, by bucket, with content types and sources.</summary>
    [ApiQuery("from", "to", "granularity", "tz"), ApiResponse(200, typeof(AnalyticsConsumptionResponse))]
    [Function("Analytics_Consumption")]
    public async Task<IActionResult> Consumption(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/analytics/consumption")] HttpRequest req, FunctionContext context, CancellationToken ct) =>
        ApiResult.Ok(AnalyticsConsumptionResponse.From(await analytics.GetReportAsync(context.GetCaller(), Query(req), ct)));

    /// <summary>Completion, reading speed, estimated retention and streaks.</summary>
    [ApiQuery("from", "to", "granularity", "tz"), ApiResponse(200, typeof(AnalyticsLearningResponse))]
    [Function("Analytics_Learning")]
    public async Task<IActionResult> Learning(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/analytics/learning")] HttpRequest req, FunctionContext context, CancellationToken ct) =>
        ApiResult.Ok(AnalyticsLearningResponse.From(await analytics.GetReportAsync(context.GetCaller(), Query(req), ct)));

    /// <summary>Tags over time, and the tags that grew or faded.</summary>
    [ApiQuery("from", "to", "granularity", "tz"), ApiResponse(200, typeof(AnalyticsTrendsResponse))]
    [Function("Analytics_Trends")]
    public async Task<IActionResult> Trends(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/analytics/trends")] HttpRequest req, FunctionContext context, CancellationToken ct) =>
        ApiResult.Ok(AnalyticsTrendsResponse.From(await analytics.GetReportAsync(context.GetCaller(), Query(req), ct)));

    /// <summary>The series as CSV; needs analytics:export (premium), 403 otherwise.</summary>
    [ApiQuery("from", "to", "granularity", "tz"), ApiResponse(200, RawContentType = "text/csv", Description = "One row per bucket: " + AnalyticsCsv.Header)]
    [Function("Analytics_Export")]
    public async Task<IActionResult> Export(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/analytics/export")] HttpRequest req, FunctionContext context, CancellationToken ct) =>
        new ContentResult { Content = await analytics.ExportCsvAsync(context.GetCaller(), Query(req), ct), ContentType = "text/csv; charset=utf-8", StatusCode = StatusCodes.Status200OK };

    private static AnalyticsQuery Query(HttpRequest req) => new(req.Query["from"], req.Query["to"], req.Query["granularity"], req.Query["tz"]);
}
