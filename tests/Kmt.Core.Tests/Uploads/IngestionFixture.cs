using System.Text;
using Kmt.Core.Common;
using Kmt.Core.Documents;
using Kmt.Core.Embeddings;
using Kmt.Core.Tags;
using Kmt.Core.Tests.Fakes;
using Kmt.Core.Uploads;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Kmt.Core.Tests.Uploads;

/// <summary>
/// An <see cref="IngestionService"/> and its second stage, <see cref="EmbeddingService"/>, over
/// in-memory ports, and helpers to seed uploads with blobs.
/// </summary>
internal sealed class IngestionFixture
{
    public const string Text = "Quantum physics is strange. Ada Lovelace wrote the first program. Entanglement links particles.";

    public IngestionFixture(Action<UploadOptions>? configure = null)
    {
        configure?.Invoke(Options);
        foreach (var format in Enum.GetValues<DocumentFormat>())
        {
            Extractors[format] = new FakeExtractor(format);
        }

        Service = new IngestionService(
            Uploads,
            Blobs,
            Items,
            Tags.Object,
            Extractors.Values,
            Analyzer,
            TestSupport.Options(Options),
            TestSupport.Limits(),
            Clock,
            NullLogger<IngestionService>.Instance);
        EmbeddingService = new EmbeddingService(
            Items,
            Embeddings,
            Uploads,
            Blobs,
            Generator,
            new TextChunker(TestSupport.Options(Options)),
            Clock,
            NullLogger<EmbeddingService>.Instance);
    }

    public UploadOptions Options { get; } = new();

    public FakeTimeProvider Clock { get; } = TestSupport.Clock();

    public InMemoryUploadStore Uploads { get; } = new();

    public InMemoryBlobStore Blobs { get; } = new();

    public InMemoryKnowledgeStore Items { get; } = new();

    public Mock<ITagStore> Tags { get; } = new();

    public InMemoryEmbeddingStore Embeddings { get; } = new();

    public Dictionary<DocumentFormat, FakeExtractor> Extractors { get; } = new();

    public FakeTextAnalyzer Analyzer { get; } = new();

    public FakeEmbeddingGenerator Generator { get; } = new();

    public IngestionService Service { get; }

    public EmbeddingService EmbeddingService { get; }

    public string UserId { get; } = Ids.New();

    public Upload Seed(string? text = Text, string fileName = "notes.txt", string? title = null, IReadOnlyList<string>? tags = null, UploadStatus status = UploadStatus.Queued, int attempts = 0, string? userId = null, byte[]? bytes = null)
    {
        var upload = new Upload
        {
            Id = Ids.New(),
            UserId = userId ?? UserId,
            FileName = fileName,
            Title = title,
            Tags = tags ?? [],
            Status = status,
            Attempts = attempts,
            CreatedAt = Clock.GetUtcNow(),
            UpdatedAt = Clock.GetUtcNow(),
            ETag = ETags.New(),
        };
        Uploads.Uploads[(upload.UserId, upload.Id)] = upload;
        Blobs.Blobs[(UploadPaths.UploadsContainer, upload.BlobPath)] = bytes ?? Encoding.UTF8.GetBytes(text ?? "");
        return upload;
    }

    public Upload Get(Upload upload) => Uploads.Uploads[(upload.UserId, upload.Id)];

    public Task<IngestionOutcome> ProcessAsync(Upload upload) => ProcessAsync(upload.BlobPath);

    /// <summary>As the blob trigger does: the blob's bytes (empty when it has none) under its path.</summary>
    public async Task<IngestionOutcome> ProcessAsync(string blobPath)
    {
        var bytes = Blobs.Blobs.GetValueOrDefault((UploadPaths.UploadsContainer, blobPath)) ?? [];
        await using var stream = new MemoryStream(bytes, writable: false);
        return await Service.ProcessAsync(blobPath, stream, CancellationToken.None);
    }

    public bool InUploads(Upload upload) => Blobs.Has(UploadPaths.UploadsContainer, upload.BlobPath);

    public bool InQuarantine(string path) => Blobs.Has(UploadPaths.QuarantineContainer, path);

    public static string RequestPath(Upload upload) => UploadPaths.EmbeddingRequestPath(upload.UserId, upload.Id);

    public bool HasEmbeddingRequest(Upload upload) => Blobs.Has(UploadPaths.EmbeddingRequestsContainer, RequestPath(upload));

    public string EmbeddingRequestBody(Upload upload) => Encoding.UTF8.GetString(Blobs.Blobs[(UploadPaths.EmbeddingRequestsContainer, RequestPath(upload))]);

    /// <summary>As the embedding-requests trigger does, for the item made from <paramref name="upload"/>.</summary>
    public Task<EmbeddingOutcome> EmbedAsync(Upload upload) => EmbeddingService.ProcessRequestAsync(RequestPath(upload), CancellationToken.None);
}
