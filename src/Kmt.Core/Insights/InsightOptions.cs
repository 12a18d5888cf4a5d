namespace Kmt.Core.Insights;

/// <summary>
/// Configuration section "Kmt:Insights": the nightly pipeline's schedule, its fan-out bound and the
/// importance prior (docs/design/insights.md, "Insight pipeline").
/// </summary>
public sealed class InsightOptions
{
    public const string Section = "Kmt:Insights";

    /// <summary>Six-field NCRONTAB (UTC) of the nightly run; the timer trigger reads it as %Kmt:Insights:Schedule%.</summary>
    public string Schedule { get; set; } = "0 0 2 * * *";

    /// <summary>Per-user sub-orchestrations in flight at once (the sliding window of the nightly fan-out).</summary>
    public int MaxConcurrentUsers { get; set; } = 8;

    /// <summary>Active users read per page by the nightly orchestration.</summary>
    public int UserPageSize { get; set; } = 100;

    /// <summary>Items in one user's feature snapshot at most (most recently created first).</summary>
    public int MaxItemsPerSnapshot { get; set; } = 5000;

    /// <summary>Half-life of the importance prior's recency term: an item last opened this long ago gets half the recency weight.</summary>
    public TimeSpan RecencyHalfLife { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Accesses at which the prior's frequency term reaches about 63% of its weight (1 - 1/e).</summary>
    public double FrequencyScale { get; set; } = 5;

    /// <summary>Users' runs per page of GET api/v1/admin/insights/runs/{id} at most (and by default).</summary>
    public int MaxAdminRunPage { get; set; } = 100;

    /// <summary>The window of an importance prediction: the probability that an item is opened again within it (target_date = as-of + this).</summary>
    public TimeSpan ImportanceTargetWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often an instance looks for a newer importance model in blob storage.</summary>
    public TimeSpan ModelRefreshInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Examples (items at past cut-offs) below which no model is trained and the prior stays in use.</summary>
    public int MinTrainingExamples { get; set; } = 500;

    /// <summary>People whose histories one training reads at most (consenting active users, in id order).</summary>
    public int MaxTrainingUsers { get; set; } = 2000;

    /// <summary>Importance predictions GET api/v1/insights/predictions returns at most per request.</summary>
    public int MaxPredictionsPerRequest { get; set; } = 100;

    /// <summary>Scores returned by GET api/v1/insights/runs/{id} (the highest).</summary>
    public int TopScoresInRun { get; set; } = 10;
}
