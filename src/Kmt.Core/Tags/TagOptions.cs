namespace Kmt.Core.Tags;

/// <summary>Configuration section "Kmt:Tags": how unfinished tag renames are finished.</summary>
public sealed class TagOptions
{
    public const string Section = "Kmt:Tags";

    /// <summary>
    /// A rename job whose last run started longer ago than this is taken to have been interrupted and is
    /// run again by the sweep. Longer than a rename may take, so a live run is never doubled.
    /// </summary>
    public TimeSpan RenameStalledAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Unfinished renames finished per sweep at most.</summary>
    public int RenameSweepBatchSize { get; set; } = 20;

    /// <summary>
    /// The sweep's timer (six-field NCRONTAB, UTC). The Functions host reads the app setting
    /// Kmt:Tags:RenameSweepSchedule itself; this default is documented here and in local.settings.sample.json.
    /// </summary>
    public string RenameSweepSchedule { get; set; } = "0 */5 * * * *";
}
