using Kmt.Core.Tags;
using Microsoft.Azure.Functions.Worker;

namespace Kmt.Functions.Triggers;

/// <summary>
/// Finishes tag renames a crash left half done (<see cref="TagRenameSweeper"/>). The schedule is the app
/// setting Kmt:Tags:RenameSweepSchedule (six-field NCRONTAB, UTC; "0 */5 * * * *" in
/// local.settings.sample.json and infra); without the setting the host does not index this function.
/// </summary>
public sealed class TagRenameSweepFunction(TagRenameSweeper sweeper)
{
    public const string ScheduleSetting = "Kmt:Tags:RenameSweepSchedule";

    [Function("Sweep_TagRenames")]
    public Task Run([TimerTrigger("%" + ScheduleSetting + "%")] TimerInfo timer, FunctionContext context) =>
        sweeper.SweepAsync(context.CancellationToken);
}
