using Kmt.Core.Insights;
using Kmt.Functions.Apis.Model;
using Kmt.Functions.Http;
using Kmt.Functions.Middleware;
using Kmt.Functions.Orchestrations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Kmt.Functions.Apis;

/// <summary>api/v1/admin/insights: how a pipeline run went for every user, for administrators (docs/api.md, "Insights").</summary>
[RateLimited(RateLimitPolicy.Insights)]
public sealed class AdminInsightsFunctions(InsightRunAdministration administration)
{
    /// <summary>The run's orchestration (a nightly run's) and a page of users' parts of it, failures with their step's message.</summary>
    [Function("Admin_GetInsightRun")]
    public async Task<IActionResult> GetRun(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/admin/insights/runs/{id}")] HttpRequest req, string id, [DurableClient] DurableTaskClient durable, FunctionContext context, CancellationToken ct)
    {
        var users = await administration.ListAsync(context.GetCaller(), id, req.Query["status"], req.Query["after"], req.Query["limit"], ct);
        var nightly = await durable.GetInstanceAsync(InsightInstanceIds.Nightly(id), getInputsAndOutputs: true, ct);
        return ApiResult.Ok(AdminInsightRunResponse.From(users, nightly));
    }
}
