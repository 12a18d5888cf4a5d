namespace Kmt.Core.Analytics;

/// <summary>
/// One person's activity in one UTC hour (the seed's learning_metrics, at the finest grain). Hours,
/// not days, because the person's day depends on the time zone asked for at read time: any zone with
/// a whole-hour offset regroups hours into its own days exactly (docs/design/person-view.md, "Analytics").
/// Partition: UserId.
/// </summary>
public sealed record LearningMetricsHour
{
    public required string UserId { get; init; }

    /// <summary>The start of the hour, UTC.</summary>
    public required DateTimeOffset Hour { get; init; }

    public int ItemsCaptured { get; init; }

    /// <summary>Reading sessions that ended in this hour.</summary>
    public int ItemsRead { get; init; }

    public long ReadingSeconds { get; init; }

    /// <summary>Words read (item words x completion) in the sessions that ended here.</summary>
    public long WordsRead { get; init; }

    /// <summary>Sum of the completion percentages of the sessions that ended here (average = sum / ItemsRead).</summary>
    public double CompletionSum { get; init; }

    /// <summary>Sessions that ended at 90 % completion or more.</summary>
    public int ItemsCompleted { get; init; }

    public int Searches { get; init; }

    /// <summary>Captured items by content type.</summary>
    public IReadOnlyDictionary<string, int> ContentTypes { get; init; } = new Dictionary<string, int>();

    /// <summary>Captured items by source (web, upload, import, note...).</summary>
    public IReadOnlyDictionary<string, int> Sources { get; init; } = new Dictionary<string, int>();

    /// <summary>Tags of the captured items.</summary>
    public IReadOnlyDictionary<string, int> Tags { get; init; } = new Dictionary<string, int>();
}
