using Kmt.Core.Insights;
using Kmt.Functions.Orchestrations;
using Microsoft.DurableTask.Client;

namespace Kmt.Functions.Apis.Model;

/// <summary>
/// GET api/v1/admin/insights/runs/{id} (docs/api.md, "Insights"): the nightly orchestration's state and
/// summary (null for a refresh run or a date that has not run), and a page of users' runs.
/// </summary>
public sealed record AdminInsightRunResponse(string RunId, RunOrchestrationResponse? Orchestration, IReadOnlyList<UserRunResponse> Users, string? Next)
{
    public static AdminInsightRunResponse From(InsightRunUsersPage page, OrchestrationMetadata? nightly)
    {
        ArgumentNullException.ThrowIfNull(page);
        return new(
            page.RunId,
            nightly is null ? null : new RunOrchestrationResponse(
                nightly.InstanceId,
                nightly.RuntimeStatus.ToString().ToLowerInvariant(),
                nightly.CreatedAt,
                nightly.LastUpdatedAt,
                nightly.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? nightly.ReadOutputAs<NightlyInsightsSummary>() : null,
                nightly.FailureDetails?.ErrorMessage),
            page.Users.Select(u => new UserRunResponse(u.UserId, u.Trigger, u.Status, u.AsOf, u.UpdatedAt, u.CompletedAt, u.ItemCount, u.ScoredCount, u.Error)).ToList(),
            page.Next);
    }
}
