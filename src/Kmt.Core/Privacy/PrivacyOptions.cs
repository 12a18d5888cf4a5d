namespace Kmt.Core.Privacy;

/// <summary>
/// The privacy limits (configuration section "Kmt:Privacy"): how long exports stay downloadable, how
/// long activities and audit entries are kept. Defaults per docs/api.md ("Privacy").
/// </summary>
public sealed class PrivacyOptions
{
    public const string Section = "Kmt:Privacy";

    /// <summary>How long a finished export can be downloaded; afterwards 410 EXPORT_EXPIRED and the file is deleted.</summary>
    public TimeSpan ExportLinkLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Tracked events older than this are folded into daily counts and deleted (two years).</summary>
    public TimeSpan ActivityRetention { get; set; } = TimeSpan.FromDays(730);

    /// <summary>Audit entries older than this are deleted (Cosmos: per-item TTL; SQLite: the privacy sweep).</summary>
    public TimeSpan AuditRetention { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Records read per store call while an export or the retention job pages through a library.</summary>
    public int PageSize { get; set; } = 200;

    /// <summary>An erasure job not finished after this long is finished by the privacy sweep.</summary>
    public TimeSpan ErasureRetryAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Attempts of one export before it is marked failed (the host retries a throwing invocation).</summary>
    public int ExportMaxAttempts { get; set; } = 3;
}
