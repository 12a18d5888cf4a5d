using Kmt.Core.Insights;
using Kmt.Functions.Apis.Model;
using Kmt.Functions.Http;
using Kmt.Functions.Middleware;
using Kmt.Functions.Orchestrations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Kmt.Functions.Apis;

/// <summary>api/v1/insights: a run of the insight pipeline for the caller now, and its state (docs/api.md, "Insights").</summary>
[RateLimited(RateLimitPolicy.Insights)]
public sealed class InsightsFunctions(InsightPipelineService pipeline)
{
    /// <summary>Records a run and starts the per-user orchestration for it: 202 with the run's status URL.</summary>
    [Function("Insights_Refresh")]
    public async Task<IActionResult> Refresh(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/insights/refresh")] HttpRequest req, [DurableClient] DurableTaskClient durable, FunctionContext context, CancellationToken ct)
    {
        var run = await pipeline.RequestRefreshAsync(context.GetCaller(), ct);
        var key = new UserRun(run.UserId, run.RunId, run.Trigger, run.AsOf);
        await durable.ScheduleNewOrchestrationInstanceAsync(UserInsightsOrchestrator.Name, key, new StartOrchestrationOptions(InsightInstanceIds.ForUser(key)), ct);
        return ApiResult.Accepted(InsightRunResponse.From(new InsightRunReport(run, []))).WithHeader("Location", InsightRunResponse.StatusUrlOf(run.RunId));
    }

    /// <summary>The caller's run (a refresh or a nightly run, "nightly-yyyy-MM-dd"); another user's is 404.</summary>
    [Function("Insights_GetRun")]
    public async Task<IActionResult> GetRun(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/insights/runs/{id}")] HttpRequest req, string id, FunctionContext context, CancellationToken ct) =>
        ApiResult.Ok(InsightRunResponse.From(await pipeline.GetRunAsync(context.GetCaller(), id, ct)));

    /// <summary>The caller's latest importance predictions (?type=importance&amp;limit=), highest first.</summary>
    [Function("Insights_Predictions")]
    public async Task<IActionResult> Predictions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/insights/predictions")] HttpRequest req, FunctionContext context, CancellationToken ct) =>
        ApiResult.Ok((await pipeline.GetPredictionsAsync(context.GetCaller(), req.Query["type"], req.Query["limit"], ct)).Select(ImportancePredictionResponse.From).ToList());
}
