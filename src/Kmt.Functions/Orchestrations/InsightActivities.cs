using Kmt.Core.Insights;
using Microsoft.Azure.Functions.Worker;

namespace Kmt.Functions.Orchestrations;

/// <summary>
/// The insight pipeline's activities: one Core call each (docs/design/insights.md, "Insight pipeline").
/// Each is idempotent per (user, run), as Durable Functions runs an activity at least once.
/// </summary>
public sealed class InsightActivities(InsightPipelineService pipeline)
{
    public const string ListActiveUsers = "Insights_ListActiveUsers";
    public const string BeginRun = "Insights_BeginRun";
    public const string SnapshotFeatures = "Insights_SnapshotFeatures";
    public const string ScoreImportance = "Insights_ScoreImportance";
    public const string TrainImportance = "Insights_TrainImportance";
    public const string CompleteRun = "Insights_CompleteRun";
    public const string FailRun = "Insights_FailRun";

    [Function(ListActiveUsers)]
    public Task<ActiveUsersPage> ListActiveUsersAsync([ActivityTrigger] ActiveUsersRequest request, CancellationToken ct) =>
        pipeline.ListActiveUsersAsync(request.After, request.Take, ct);

    [Function(BeginRun)]
    public Task<InsightRun> BeginRunAsync([ActivityTrigger] UserRun run, CancellationToken ct) => pipeline.BeginRunAsync(run, ct);

    [Function(SnapshotFeatures)]
    public Task<int> SnapshotFeaturesAsync([ActivityTrigger] UserRun run, CancellationToken ct) => pipeline.SnapshotFeaturesAsync(run, ct);

    [Function(ScoreImportance)]
    public Task<int> ScoreImportanceAsync([ActivityTrigger] UserRun run, CancellationToken ct) => pipeline.ScoreImportanceAsync(run, ct);

    [Function(TrainImportance)]
    public Task<ImportanceTrainingReport> TrainImportanceAsync([ActivityTrigger] TrainImportanceRequest request, CancellationToken ct) =>
        pipeline.TrainImportanceModelAsync(request.RunId, request.AsOf, ct);

    [Function(CompleteRun)]
    public Task<InsightRun> CompleteRunAsync([ActivityTrigger] UserRun run, CancellationToken ct) => pipeline.CompleteRunAsync(run, ct);

    [Function(FailRun)]
    public Task<InsightRun> FailRunAsync([ActivityTrigger] RunFailure failure, CancellationToken ct) => pipeline.FailRunAsync(failure.Run, failure.Error, ct);
}
