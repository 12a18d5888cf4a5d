namespace Kmt.Core.Uploads;

/// <summary>What one run of <see cref="IngestionService.ProcessAsync"/> did.</summary>
public enum IngestionOutcomeKind
{
    /// <summary>A knowledge item was made from the file.</summary>
    Completed,

    /// <summary>The user already has an item made from the same bytes; the upload points to it.</summary>
    Duplicate,

    /// <summary>The file can never be ingested (or ran out of attempts); the upload says why and the blob is quarantined.</summary>
    Failed,

    /// <summary>The upload was already Completed, Duplicate or Failed: nothing was done (a repeated trigger).</summary>
    AlreadyDone,

    /// <summary>Another worker claimed the upload first.</summary>
    Busy,

    /// <summary>The blob belongs to no upload (bad path, unknown upload, other file name); it was quarantined.</summary>
    Ignored,
}

/// <param name="Upload">The upload as the run left it; null when the blob belongs to no upload.</param>
public sealed record IngestionOutcome(IngestionOutcomeKind Kind, Upload? Upload);
