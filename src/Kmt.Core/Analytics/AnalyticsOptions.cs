namespace Kmt.Core.Analytics;

/// <summary>Configuration section "Kmt:Analytics": when the learning metrics job runs.</summary>
public sealed class AnalyticsOptions
{
    public const string Section = "Kmt:Analytics";

    /// <summary>
    /// The learning metrics job's timer (six-field NCRONTAB, UTC): hourly, a little after the hour so the
    /// hour just ended is complete. The Functions host reads the app setting Kmt:Analytics:MetricsSchedule
    /// itself; this default is documented here and in local.settings.sample.json.
    /// </summary>
    public string MetricsSchedule { get; set; } = "0 7 * * * *";
}
