namespace Kmt.Core.Uploads;

/// <summary>What one sweep did: stalled uploads found, driven through ingestion again, failed, left alone (someone else moved them on).</summary>
public sealed record UploadSweepResult(int Stalled, int Redriven, int Failed, int Skipped)
{
    /// <summary>Quarantined files deleted because they were kept longer than <see cref="UploadOptions.QuarantineRetention"/>.</summary>
    public int QuarantineExpired { get; init; }
}
