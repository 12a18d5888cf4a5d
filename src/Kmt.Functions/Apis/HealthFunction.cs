using Kmt.Core.Common;
using Kmt.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Kmt.Functions.Apis;

/// <summary>GET api/health: is the store reachable, and what is it. Public, for probes and for a newcomer's first check.</summary>
public sealed class HealthFunction(IStoreHealth storeHealth)
{
    [Function("Health"), PublicEndpoint, RateLimited(RateLimitPolicy.None)]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest req, CancellationToken ct)
    {
        var store = await storeHealth.CheckAsync(ct);
        var body = new
        {
            status = store.Healthy ? "healthy" : "unhealthy",
            store = new { kind = store.Store, healthy = store.Healthy, description = store.Description, details = store.Details },
        };
        return store.Healthy
            ? ApiResult.Ok(body)
            : ApiResult.Error(ErrorCode.InternalError, "The data store is not available.", body);
    }
}
