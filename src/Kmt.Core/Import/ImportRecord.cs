namespace Kmt.Core.Import;

/// <summary>
/// One record read from an imported file: where it came from (line, and the file inside an archive)
/// and what it says. Parsers produce these without touching any store; <see cref="ImportApplier"/>
/// applies them.
/// </summary>
public abstract record ImportRecord(int? Line, string? Entry);

/// <summary>A captured item: created_at is <see cref="At"/>; <see cref="MetadataJson"/> is a JSON object.</summary>
public sealed record CaptureRecord(
    int? Line,
    string? Entry,
    string SourceId,
    DateTimeOffset At,
    string Title,
    string Content,
    string? ContentType,
    string? SourceUrl,
    IReadOnlyList<string> Tags,
    string MetadataJson = "{}") : ImportRecord(Line, Entry);

/// <summary>A reading of a captured item (by its source id): a reading session and an access.</summary>
public sealed record ReadRecord(int? Line, string? Entry, string SourceId, DateTimeOffset At, int DurationSeconds, double CompletionPercentage)
    : ImportRecord(Line, Entry);

/// <summary>A search the person made: an activity record.</summary>
public sealed record SearchRecord(int? Line, string? Entry, DateTimeOffset At, string Query) : ImportRecord(Line, Entry);

/// <summary>A record that cannot be imported, with the reason.</summary>
public sealed record FailedRecord(int? Line, string? Entry, string Reason) : ImportRecord(Line, Entry);
