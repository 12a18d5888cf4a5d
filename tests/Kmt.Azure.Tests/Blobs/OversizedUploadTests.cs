using Kmt.Azure.Blobs;
using Kmt.Azure.Tests.Infrastructure;
using Kmt.Core.Common;
using Kmt.Core.Documents;
using Kmt.Core.Knowledge;
using Kmt.Core.Tags;
using Kmt.Core.TextAnalysis;
using Kmt.Core.Uploads;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace Kmt.Azure.Tests.Blobs;

/// <summary>
/// Defect 10 of issue 7: a SAS URL cannot cap the size of what a client sends, so ingestion refuses a
/// blob over the limit by its stored size, deletes it unread and fails the upload for good.
/// </summary>
public sealed class OversizedUploadTests
{
    private const long MaxFileBytes = 1024;

    [Fact]
    public async Task An_oversized_blob_is_deleted_unread_and_its_upload_fails_for_good()
    {
        var store = new AzureBlobStore(Azurite.Client);
        var upload = new Upload
        {
            Id = Ids.New(),
            UserId = "big-" + Guid.NewGuid().ToString("N")[..12],
            FileName = "huge.txt",
            Status = UploadStatus.Queued,
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
            ETag = ETags.New(),
        };
        await store.WriteAsync(UploadPaths.UploadsContainer, upload.BlobPath, new MemoryStream(new byte[MaxFileBytes + 1]), long.MaxValue, CancellationToken.None);

        var written = new List<Upload>();
        var uploads = new Mock<IUploadStore>();
        uploads.Setup(u => u.GetAsync(upload.UserId, upload.Id, It.IsAny<CancellationToken>())).ReturnsAsync(() => written.LastOrDefault() ?? upload);
        uploads.Setup(u => u.ReplaceAsync(It.IsAny<Upload>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback<Upload, string, CancellationToken>((next, _, _) => written.Add(next))
            .Returns(Task.CompletedTask);
        var analyzer = new Mock<ITextAnalyzer>(MockBehavior.Strict);
        var ingestion = new IngestionService(
            uploads.Object,
            store,
            Mock.Of<IKnowledgeStore>(MockBehavior.Strict),
            Mock.Of<ITagStore>(MockBehavior.Strict),
            Array.Empty<IDocumentExtractor>(),
            analyzer.Object,
            Options.Create(new UploadOptions { MaxFileBytes = MaxFileBytes }),
            Options.Create(new KmtLimits()),
            TimeProvider.System,
            NullLogger<IngestionService>.Instance);

        var outcome = await ingestion.ProcessAsync(upload.BlobPath, new UnreadableStream(), CancellationToken.None);

        Assert.Equal(IngestionOutcomeKind.Failed, outcome.Kind);
        var failed = written[^1];
        Assert.Equal(UploadStatus.Failed, failed.Status);
        Assert.Equal(UploadRules.TooLargeReason(MaxFileBytes), failed.Reason);
        Assert.Null(await store.GetAsync(UploadPaths.UploadsContainer, upload.BlobPath, CancellationToken.None));
        Assert.Null(await store.GetAsync(UploadPaths.QuarantineContainer, upload.BlobPath, CancellationToken.None));
    }

    /// <summary>The blob's content as the trigger hands it over: reading it is what must not happen.</summary>
    private sealed class UnreadableStream : MemoryStream
    {
        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("The oversized blob was read.");

        public override int Read(Span<byte> buffer) => throw new InvalidOperationException("The oversized blob was read.");

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => throw new InvalidOperationException("The oversized blob was read.");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => throw new InvalidOperationException("The oversized blob was read.");
    }
}
