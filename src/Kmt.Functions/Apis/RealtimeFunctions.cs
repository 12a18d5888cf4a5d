using Kmt.Core.Realtime;
using Kmt.Functions.Http;
using Kmt.Functions.Middleware;
using Kmt.Functions.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Kmt.Functions.Apis;

/// <summary>api/v1/realtime: where the caller's client connects for real-time messages (docs/api.md, "Real-time").</summary>
public sealed class RealtimeFunctions(RealtimeEvents realtime)
{
    /// <summary>{url, access_token, expires_in_seconds}: open url as a WebSocket; only the caller's own messages arrive on it.</summary>
    [Function("Realtime_Negotiate")]
    [ApiResponse(200, typeof(RealtimeConnectionInfo))]
    public async Task<IActionResult> Negotiate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/realtime/negotiate")] HttpRequest req, FunctionContext context, CancellationToken ct) =>
        ApiResult.Ok(await realtime.NegotiateAsync(context.GetCaller(), new Uri($"{req.Scheme}://{req.Host}"), ct));
}
