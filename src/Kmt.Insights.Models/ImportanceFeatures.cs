namespace Kmt.Insights.Models;

/// <summary>
/// The importance model's features (docs/design/insights.md, "Insight pipeline"), in vector order: access
/// recency and frequency, content size, topic trend, the person's expertise in the item's topics,
/// cross-references through shared topics, the regularity of the item's accesses in time, the topic's
/// short-term momentum, the item's share of its topic's reading (how much it is chosen when the topic
/// is read) and the opens that share predicts at the topic's current pace, how long the topic's current
/// burst of interest has lasted, and the forgetting model's retrievability.
/// </summary>
internal static class ImportanceFeatures
{
    public const int DaysSinceLastAccess = 0;
    public const int Accesses = 1;
    public const int Accesses30Days = 2;
    public const int Accesses90Days = 3;
    public const int AgeDays = 4;
    public const int WordCount = 5;
    public const int TopicTrend = 6;
    public const int TopicExpertise = 7;
    public const int CrossReferences = 8;
    public const int WeekdayRegularity = 9;
    public const int HourRegularity = 10;
    public const int MeanIntervalDays = 11;
    public const int OverdueRatio = 12;
    public const int RecencyWeightedAccesses = 13;
    public const int TopicAccesses7Days = 14;
    public const int TopicMomentum = 15;
    public const int DaysSinceTopicAccess = 16;
    public const int TopicShare = 17;
    public const int ExpectedOpens = 18;
    public const int Retrievability = 19;
    public const int TopicBurstWeeks = 20;
    public const int TopicShare90Days = 21;
    public const int ExpectedOpensRecentShare = 22;

    public const int Count = 23;

    public static readonly IReadOnlyList<string> Names =
    [
        "days_since_last_access", "accesses", "accesses_30d", "accesses_90d", "age_days", "word_count", "topic_trend",
        "topic_expertise", "cross_references", "weekday_regularity", "hour_regularity", "mean_interval_days", "overdue_ratio",
        "recency_weighted_accesses", "topic_accesses_7d", "topic_momentum", "days_since_topic_access", "topic_share", "expected_opens",
        "retrievability", "topic_burst_weeks", "topic_share_90d", "expected_opens_recent_share",
    ];
}
