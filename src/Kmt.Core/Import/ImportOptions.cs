namespace Kmt.Core.Import;

/// <summary>Configuration section "Kmt:Import" (docs/api.md, "Import"). Every limit is configuration.</summary>
public sealed class ImportOptions
{
    public const string Section = "Kmt:Import";

    /// <summary>Largest file accepted, in bytes (413 beyond). Default 50 MB, the upload limit.</summary>
    public long MaxFileBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Files up to this size are imported during the request (the 202 already says completed); larger ones in the background.</summary>
    public long InlineMaxBytes { get; set; } = 256 * 1024;

    /// <summary>Characters of one line of a line-based format (JSON lines, CSV, clippings); a longer line fails alone.</summary>
    public int MaxLineCharacters { get; set; } = 256 * 1024;

    /// <summary>Records (events, highlights, clippings, notes, bookmarks) in one import; the rest fail with a reason.</summary>
    public int MaxRecords { get; set; } = 100_000;

    /// <summary>Characters of a source_id.</summary>
    public int SourceIdMaxLength { get; set; } = 256;

    /// <summary>Markdown files in one vault zip.</summary>
    public int MaxVaultFiles { get; set; } = 10_000;

    /// <summary>Bytes a vault zip may expand to (a zip bomb stops here). Default 200 MB, the upload limit.</summary>
    public long MaxUncompressedBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>Failures listed in the status (all are counted).</summary>
    public int MaxReportedFailures { get; set; } = 100;

    /// <summary>Attempts of a background import before it is marked failed (the host retries a throwing invocation).</summary>
    public int MaxAttempts { get; set; } = 5;
}
