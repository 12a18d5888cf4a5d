using Kmt.Core.Common;
using Kmt.Functions.Http;
using Kmt.Functions.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Kmt.Functions.Apis;

/// <summary>
/// GET api/health: is the store reachable, and what is it. Public, for probes and for a newcomer's
/// first check, so it shows no paths; an unhealthy store answers 503 and the reason goes to the log.
/// The store check is reused for Kmt:Health:CacheDuration and the endpoint is limited per IP
/// (docs/api.md, "Health"), so anonymous calls cannot turn into store load.
/// </summary>
public sealed class HealthFunction(CachedStoreHealth storeHealth, ILogger<HealthFunction> logger)
{
    [ApiResponse(200, Description = "{ status, store, version }; 503 when the store is unreachable.")]
    [Function("Health"), PublicEndpoint, RateLimited(RateLimitPolicy.Health)]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest req, CancellationToken ct)
    {
        var store = await storeHealth.CheckAsync(ct);
        if (!store.Healthy)
        {
            logger.LogError("Health check: store {Store} at {Location} is unhealthy: {Description}", store.Store, store.Location, store.Description);
            return ApiResult.Error(ErrorCode.InternalError, "The data store is not available.").WithStatus(StatusCodes.Status503ServiceUnavailable);
        }

        return ApiResult.Ok(new
        {
            status = "healthy",
            store = new { kind = store.Store, healthy = true, description = store.Description, details = store.Details },
        });
    }
}
