using Kmt.Core.Tests.Fakes;
using Kmt.Core.Uploads;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kmt.Core.Tests.Uploads;

/// <summary>Defect 10: an upload a crash left "processing" (or "queued" with its blob) is finished or failed within minutes.</summary>
public sealed class UploadSweeperTests
{
    private readonly IngestionFixture _f = new();

    private UploadSweeper Sweeper() =>
        new(_f.Uploads, _f.Blobs, _f.Service, TestSupport.Options(_f.Options), _f.Clock, NullLogger<UploadSweeper>.Instance);

    [Fact]
    public async Task A_stalled_processing_upload_with_attempts_left_is_ingested_again()
    {
        var upload = _f.Seed(status: UploadStatus.Processing, attempts: 1);
        _f.Clock.Advance(_f.Options.StalledAfter + TimeSpan.FromMinutes(1));

        var result = await Sweeper().SweepAsync(CancellationToken.None);

        Assert.Equal(new UploadSweepResult(1, 1, 0, 0), result);
        var swept = _f.Get(upload);
        Assert.Equal(UploadStatus.Completed, swept.Status);
        Assert.Equal(2, swept.Attempts);
        Assert.NotNull(swept.KnowledgeItemId);
    }

    [Fact]
    public async Task An_upload_processing_for_less_than_StalledAfter_is_left_alone()
    {
        var upload = _f.Seed(status: UploadStatus.Processing, attempts: 1);
        _f.Clock.Advance(_f.Options.StalledAfter - TimeSpan.FromSeconds(1));

        var result = await Sweeper().SweepAsync(CancellationToken.None);

        Assert.Equal(0, result.Stalled);
        Assert.Equal(UploadStatus.Processing, _f.Get(upload).Status);
        Assert.Equal(upload.ETag, _f.Get(upload).ETag);
    }

    [Fact]
    public async Task A_stalled_upload_out_of_attempts_fails_with_a_clear_reason_and_its_blob_is_quarantined()
    {
        var upload = _f.Seed(status: UploadStatus.Processing, attempts: _f.Options.MaxAttempts);
        _f.Clock.Advance(_f.Options.StalledAfter + TimeSpan.FromMinutes(1));

        var result = await Sweeper().SweepAsync(CancellationToken.None);

        Assert.Equal(1, result.Failed);
        var failed = _f.Get(upload);
        Assert.Equal(UploadStatus.Failed, failed.Status);
        Assert.Equal(UploadSweeper.StalledReason(_f.Options.MaxAttempts), failed.Reason);
        Assert.False(_f.InUploads(upload));
        Assert.True(_f.InQuarantine(upload.BlobPath));
    }

    [Fact]
    public async Task A_stalled_queued_upload_with_its_blob_is_finished_and_one_without_is_left_alone()
    {
        var withBlob = _f.Seed(status: UploadStatus.Queued);
        var withoutBlob = _f.Seed(status: UploadStatus.Queued, fileName: "gone.txt");
        _f.Blobs.Blobs.Remove((UploadPaths.UploadsContainer, withoutBlob.BlobPath));
        _f.Clock.Advance(_f.Options.StalledAfter + TimeSpan.FromMinutes(1));

        var result = await Sweeper().SweepAsync(CancellationToken.None);

        Assert.Equal(new UploadSweepResult(2, 1, 0, 1), result);
        Assert.Equal(UploadStatus.Completed, _f.Get(withBlob).Status);
        Assert.Equal(UploadStatus.Queued, _f.Get(withoutBlob).Status);
    }

    [Fact]
    public async Task A_stalled_processing_upload_whose_blob_is_gone_fails_with_a_reason()
    {
        var upload = _f.Seed(status: UploadStatus.Processing, attempts: 1);
        _f.Blobs.Blobs.Remove((UploadPaths.UploadsContainer, upload.BlobPath));
        _f.Clock.Advance(_f.Options.StalledAfter + TimeSpan.FromMinutes(1));

        await Sweeper().SweepAsync(CancellationToken.None);

        Assert.Equal(UploadStatus.Failed, _f.Get(upload).Status);
        Assert.Equal(UploadSweeper.MissingFileReason, _f.Get(upload).Reason);
    }

    [Fact]
    public async Task A_sweep_handles_at_most_SweepBatchSize_uploads_oldest_first()
    {
        _f.Options.SweepBatchSize = 1;
        var older = _f.Seed(status: UploadStatus.Processing, attempts: 1, fileName: "a.txt");
        _f.Clock.Advance(TimeSpan.FromMinutes(1));
        var newer = _f.Seed(status: UploadStatus.Processing, attempts: 1, fileName: "b.txt");
        _f.Clock.Advance(_f.Options.StalledAfter + TimeSpan.FromMinutes(1));

        await Sweeper().SweepAsync(CancellationToken.None);

        Assert.Equal(UploadStatus.Completed, _f.Get(older).Status);
        Assert.Equal(UploadStatus.Processing, _f.Get(newer).Status);
    }

    [Fact]
    public async Task Quarantined_files_are_deleted_once_kept_longer_than_QuarantineRetention()
    {
        _f.Blobs.Now = _f.Clock.GetUtcNow;
        var old = _f.Seed(fileName: "old.txt");
        await _f.Blobs.MoveAsync(UploadPaths.UploadsContainer, old.BlobPath, UploadPaths.QuarantineContainer, CancellationToken.None);
        _f.Clock.Advance(TimeSpan.FromDays(1));
        var recent = _f.Seed(fileName: "recent.txt");
        await _f.Blobs.MoveAsync(UploadPaths.UploadsContainer, recent.BlobPath, UploadPaths.QuarantineContainer, CancellationToken.None);

        _f.Clock.Advance(_f.Options.QuarantineRetention - TimeSpan.FromDays(1) - TimeSpan.FromSeconds(1));
        Assert.Equal(0, (await Sweeper().SweepAsync(CancellationToken.None)).QuarantineExpired);
        Assert.True(_f.InQuarantine(old.BlobPath));

        _f.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, (await Sweeper().SweepAsync(CancellationToken.None)).QuarantineExpired);
        Assert.False(_f.InQuarantine(old.BlobPath));
        Assert.True(_f.InQuarantine(recent.BlobPath));
    }
}
