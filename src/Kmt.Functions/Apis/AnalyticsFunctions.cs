using Kmt.Core.Activity;
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

/// <summary>api/v1/analytics: the raw activity that later analytics and insights are computed from.</summary>
[RateLimited(RateLimitPolicy.Analytics)]
public sealed class AnalyticsFunctions(ActivityService activity, IOptions<KmtLimits> limits)
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
}
