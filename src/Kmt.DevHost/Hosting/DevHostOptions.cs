namespace Kmt.DevHost.Hosting;

/// <summary>Configuration section "Kmt:DevHost": how the DevHost emulates the host's blob trigger.</summary>
public sealed class DevHostOptions
{
    public const string Section = "Kmt:DevHost";

    /// <summary>How often the blob containers are scanned for new blobs.</summary>
    public TimeSpan BlobPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Wait before retrying a failed invocation (multiplied by the attempt number).</summary>
    public TimeSpan BlobRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Invocations per blob before giving up, as the host's blobs maxDequeueCount (default 5).</summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>
    /// Blobs processed at once, per blob-triggered function (ingestion and embedding each have this
    /// many slots, as functions scale independently in Azure).
    /// </summary>
    public int BlobConcurrency { get; set; } = Environment.ProcessorCount;
}
