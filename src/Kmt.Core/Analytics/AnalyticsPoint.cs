namespace Kmt.Core.Analytics;

/// <summary>One bucket of a series (or the whole period, for totals), in the person's time zone.</summary>
public sealed record AnalyticsPoint
{
    /// <summary>The first local day of the bucket.</summary>
    public required DateOnly Bucket { get; init; }

    public int ItemsCaptured { get; init; }

    public int ItemsRead { get; init; }

    public int ItemsCompleted { get; init; }

    public double ReadingMinutes { get; init; }

    /// <summary>Words read per minute of reading; null when nothing with a known speed was read.</summary>
    public int? ReadingSpeedWpm { get; init; }

    /// <summary>Average completion (0..100) of the readings; null when nothing was read.</summary>
    public double? AverageCompletion { get; init; }

    public int Searches { get; init; }

    /// <summary>The forgetting model's estimate (0..1) of how much of what was read in this bucket is still retained at the end of the period.</summary>
    public double? Retention { get; init; }

    /// <summary>Tags of the items captured in this bucket, most frequent first.</summary>
    public IReadOnlyList<TagCount> Tags { get; init; } = [];
}

public sealed record TagCount(string Tag, int Count);

/// <summary>Days in a row with some reading or capture: the current run (ending on the period's last day or the day before) and the longest.</summary>
public sealed record Streaks(int CurrentDays, int LongestDays, DateOnly? LastActiveDay);

/// <summary>A tag whose captures grew or fell between the first and second half of the period.</summary>
public sealed record TagTrend(string Tag, int FirstHalf, int SecondHalf);
