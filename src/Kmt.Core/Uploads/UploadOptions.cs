namespace Kmt.Core.Uploads;

/// <summary>Configuration section "Kmt:Uploads". Every limit is configuration; defaults are the product's.</summary>
public sealed class UploadOptions
{
    public const string Section = "Kmt:Uploads";

    /// <summary>Largest file accepted, in bytes (413 beyond). Default 50 MB.</summary>
    public long MaxFileBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Files in one multipart POST upload.</summary>
    public int MaxFilesPerRequest { get; set; } = 10;

    /// <summary>Lifetime of a two-step upload target (SAS URL or local PUT).</summary>
    public TimeSpan UploadTargetLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Processing attempts before an upload fails for good and its blob is quarantined (the host's maxDequeueCount is 5).</summary>
    public int MaxAttempts { get; set; } = 5;

    public int MaxPdfPages { get; set; } = 2_000;

    public int MaxTextCharacters { get; set; } = 5_000_000;

    public long MaxUncompressedBytes { get; set; } = 200L * 1024 * 1024;

    public int SummarySentences { get; set; } = 3;

    /// <summary>
    /// UTF-8 bytes of content an ingested item may hold at most (with its metadata it must fit one store
    /// item: Cosmos DB's is 2 MB). Text beyond the API's content limit is cut off anyway; this only bites
    /// when that limit is configured very high. Beyond it, the upload fails at once with a reason.
    /// </summary>
    public int MaxStoredContentBytes { get; set; } = 1_500_000;

    /// <summary>Characters per embedded chunk (about 200 words, under MiniLM's 256-token window).</summary>
    public int ChunkCharacters { get; set; } = 1_000;

    /// <summary>
    /// Characters a chunk repeats from the end of the one before. Default 0: the chunker cuts at
    /// paragraph and sentence boundaries, so a chunk rarely starts mid-thought and an overlap buys
    /// little, while 100 characters cost about 10 % more embedding work.
    /// </summary>
    public int ChunkOverlapCharacters { get; set; }

    /// <summary>Chunks embedded per document at most; the rest of a very long text is searchable but not embedded.</summary>
    public int MaxChunksPerDocument { get; set; } = 512;

    /// <summary>
    /// An upload Queued or Processing without change for this long is stalled (a crash) and the sweeper
    /// takes it. Longer than an ingestion run may take, so a live run is never doubled.
    /// </summary>
    public TimeSpan StalledAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long a quarantined file (one that could not be processed) is kept for a look before the
    /// upload sweeper deletes it: it is the user's data, and a failed upload's record keeps the reason.
    /// </summary>
    public TimeSpan QuarantineRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Stalled uploads handled, and expired quarantined files deleted, per sweep at most.</summary>
    public int SweepBatchSize { get; set; } = 50;

    /// <summary>
    /// The sweeper's timer (six-field NCRONTAB, UTC). The Functions host reads the app setting
    /// Kmt:Uploads:SweepSchedule itself ([TimerTrigger("%Kmt:Uploads:SweepSchedule%")]); this default is documented here and in local.settings.sample.json.
    /// </summary>
    public string SweepSchedule { get; set; } = "0 */5 * * * *";
}
