using Kmt.Core.Insights;
using Kmt.Core.Knowledge;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Notifications;

/// <summary>
/// The run's highest importance predictions at or above Kmt:Notifications:ImportanceThreshold (at most
/// MaxImportancePerRun), one notification per item ever (dedupe key "importance:{itemId}"): an item
/// that stays important in later runs is not announced again.
/// </summary>
public sealed class ImportanceNotificationSource(IInsightRunStore runs, IKnowledgeStore items, IOptions<NotificationOptions> options) : INotificationSource
{
    public async Task<IReadOnlyList<NotificationDraft>> DraftAsync(UserRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var settings = options.Value;
        var top = await runs.ListImportanceAsync(run.UserId, run.RunId, Math.Max(0, settings.MaxImportancePerRun), cancellationToken);
        var drafts = new List<NotificationDraft>();
        foreach (var score in top.Where(s => s.Score >= settings.ImportanceThreshold))
        {
            var item = await items.GetAsync(run.UserId, score.ItemId, cancellationToken);
            if (item is null || item.DeletedAt is not null)
            {
                continue;
            }

            drafts.Add(new NotificationDraft(
                $"{NotificationKinds.Importance}:{item.Id}",
                NotificationKinds.Importance,
                $"Worth revisiting: {item.Title}",
                score.Reasoning,
                $"/api/v1/knowledge/{item.Id}",
                $"{NotificationKinds.Importance}:{run.RunId}:{item.Id}"));
        }

        return drafts;
    }
}
