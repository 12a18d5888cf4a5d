namespace Kmt.Core.Common;

/// <summary>
/// Every size and count limit of the API (configuration section "Kmt:Limits"). Defaults are the
/// seed's (6.3.1, 5.5); benchmarks, imports and tests raise them through configuration.
/// </summary>
public sealed class KmtLimits
{
    public const string Section = "Kmt:Limits";

    public int TitleMaxLength { get; set; } = 500;

    public int ContentMaxLength { get; set; } = 50_000;

    public int TagMaxLength { get; set; } = 50;

    public int MaxTagsPerItem { get; set; } = 50;

    public int SourceUrlMaxLength { get; set; } = 2048;

    /// <summary>UTF-8 bytes of an item's metadata object.</summary>
    public int MetadataMaxBytes { get; set; } = 16 * 1024;

    /// <summary>UTF-8 bytes of a user's preferences object.</summary>
    public int PreferencesMaxBytes { get; set; } = 16 * 1024;

    public int NameMaxLength { get; set; } = 100;

    public int EmailMaxLength { get; set; } = 255;

    public int DefaultPageSize { get; set; } = 20;

    public int MaxPageSize { get; set; } = 100;

    public int SearchQueryMaxLength { get; set; } = 500;

    /// <summary>Events in one POST analytics/track.</summary>
    public int MaxTrackEvents { get; set; } = 100;

    /// <summary>Longest analytics period (from..to, in days) one request may ask for (400 beyond).</summary>
    public int MaxAnalyticsSpanDays { get; set; } = 3 * 366;

    /// <summary>Largest request body the API reads, in bytes (413 beyond).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}
