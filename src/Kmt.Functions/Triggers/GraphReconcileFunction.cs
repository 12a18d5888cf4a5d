using Kmt.Core.Graph;
using Microsoft.Azure.Functions.Worker;

namespace Kmt.Functions.Triggers;

/// <summary>
/// The nightly graph reconciliation (<see cref="GraphReconciler"/>): applies item changes still pending
/// long after the queue should have applied them, and logs what it repaired. Schedule: the app setting
/// Kmt:Graph:ReconcileSchedule (six-field NCRONTAB, UTC; "0 41 2 * * *" in local.settings.sample.json and infra).
/// </summary>
public sealed class GraphReconcileFunction(GraphReconciler reconciler)
{
    public const string ScheduleSetting = "Kmt:Graph:ReconcileSchedule";

    [Function("Graph_Reconcile")]
    public Task Run([TimerTrigger("%" + ScheduleSetting + "%")] TimerInfo timer, FunctionContext context) =>
        reconciler.RunAsync(context.CancellationToken);
}
