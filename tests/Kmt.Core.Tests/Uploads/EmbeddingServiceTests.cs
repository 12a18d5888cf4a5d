using Kmt.Core.Common;
using Kmt.Core.Embeddings;
using Kmt.Core.Tests.Fakes;
using Kmt.Core.Uploads;

namespace Kmt.Core.Tests.Uploads;

public class EmbeddingServiceTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static async Task<(IngestionFixture F, Upload Upload)> IngestedAsync(Action<UploadOptions>? configure = null, string text = IngestionFixture.Text)
    {
        var f = new IngestionFixture(configure);
        var upload = f.Seed(text);
        Assert.Equal(IngestionOutcomeKind.Completed, (await f.ProcessAsync(upload)).Kind);
        Assert.True(f.HasEmbeddingRequest(upload));
        return (f, upload);
    }

    [Fact]
    public async Task The_requested_item_is_chunked_embedded_and_recorded_on_its_upload_and_the_request_is_deleted()
    {
        var (f, upload) = await IngestedAsync();
        f.Clock.Advance(TimeSpan.FromSeconds(3));
        var ingested = f.Get(upload);

        var outcome = await f.EmbedAsync(upload);

        Assert.Equal(new EmbeddingOutcome(EmbeddingOutcomeKind.Embedded, 1), outcome);
        var chunk = Assert.Single(f.Embeddings.Chunks[(f.UserId, upload.Id)]);
        Assert.Equal("fake-minilm", chunk.Model);
        Assert.Equal(0, chunk.Start);
        Assert.Equal(IngestionFixture.Text.Length, chunk.Length);
        Assert.Equal(IngestionFixture.Text.Length, chunk.Vector.Span[0]);
        Assert.False(f.HasEmbeddingRequest(upload));

        var stored = f.Get(upload);
        Assert.Equal(1, stored.EmbeddedChunks);
        Assert.Equal(TestSupport.Start.AddSeconds(3), stored.EmbeddedAt);
        Assert.Equal(["read", "parse", "analysis", "store", "total", "embedding"], stored.TimingsMs!.Keys.ToArray());
        Assert.All(ingested.TimingsMs!, t => Assert.Equal(t.Value, stored.TimingsMs[t.Key]));
        Assert.NotEqual(ingested.ETag, stored.ETag);

        // Ingestion's record otherwise stands: status, item, updated_at.
        Assert.Equal(ingested with { EmbeddedChunks = 1, EmbeddedAt = stored.EmbeddedAt, TimingsMs = stored.TimingsMs, ETag = stored.ETag }, stored);
    }

    [Fact]
    public async Task All_chunks_of_a_document_go_to_the_generator_in_one_call()
    {
        var text = string.Join(" ", Enumerable.Range(0, 2_000).Select(i => $"Sentence number {i} is here."));
        var (f, upload) = await IngestedAsync(o => o.ChunkCharacters = 500, text);

        var outcome = await f.EmbedAsync(upload);

        var chunks = f.Embeddings.Chunks[(f.UserId, upload.Id)];
        Assert.True(chunks.Count > 40);
        Assert.Equal(chunks.Count, outcome.Chunks);
        Assert.Equal([chunks.Count], f.Generator.Batches);
        Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c.Index));
        Assert.Equal(chunks.Count, f.Get(upload).EmbeddedChunks);
    }

    [Fact]
    public async Task A_missing_item_deletes_the_request_and_embeds_nothing()
    {
        var (f, upload) = await IngestedAsync();
        Assert.True(await f.Items.EraseAsync(f.UserId, upload.Id, Ct));

        var outcome = await f.EmbedAsync(upload);

        Assert.Equal(EmbeddingOutcomeKind.ItemGone, outcome.Kind);
        Assert.False(f.HasEmbeddingRequest(upload));
        Assert.Empty(f.Embeddings.Chunks);
        Assert.Empty(f.Generator.Batches);
        Assert.Null(f.Get(upload).EmbeddedAt);
    }

    [Fact]
    public async Task A_trashed_item_deletes_the_request_and_embeds_nothing()
    {
        var (f, upload) = await IngestedAsync();
        var item = f.Items.Items[(f.UserId, upload.Id)];
        f.Items.Items[(f.UserId, upload.Id)] = item with { DeletedAt = TestSupport.Start };

        var outcome = await f.EmbedAsync(upload);

        Assert.Equal(EmbeddingOutcomeKind.ItemGone, outcome.Kind);
        Assert.False(f.HasEmbeddingRequest(upload));
        Assert.Empty(f.Embeddings.Chunks);
        Assert.Empty(f.Generator.Batches);
    }

    [Theory]
    [InlineData("just-one-segment")]
    [InlineData("a/b/c")]
    [InlineData("/item")]
    [InlineData("user/")]
    public async Task A_request_outside_the_layout_is_deleted_and_ignored(string path)
    {
        var f = new IngestionFixture();
        f.Blobs.Blobs[(UploadPaths.EmbeddingRequestsContainer, path)] = [1];

        var outcome = await f.EmbeddingService.ProcessRequestAsync(path, Ct);

        Assert.Equal(EmbeddingOutcomeKind.Ignored, outcome.Kind);
        Assert.False(f.Blobs.Has(UploadPaths.EmbeddingRequestsContainer, path));
        Assert.Empty(f.Generator.Batches);
    }

    [Fact]
    public async Task Running_the_same_request_again_replaces_the_same_vectors()
    {
        var (f, upload) = await IngestedAsync();
        await f.EmbedAsync(upload);
        var first = f.Embeddings.Chunks[(f.UserId, upload.Id)];

        // A redelivered trigger (the request is gone by then; the path is all the service needs).
        var again = await f.EmbedAsync(upload);

        Assert.Equal(EmbeddingOutcomeKind.Embedded, again.Kind);
        var second = f.Embeddings.Chunks[(f.UserId, upload.Id)];
        Assert.Equal(first.Count, second.Count);
        Assert.Equal(first.Select(c => c.Vector.ToArray()), second.Select(c => c.Vector.ToArray()));
        Assert.Single(f.Embeddings.Chunks);
        Assert.Equal(1, f.Get(upload).EmbeddedChunks);
        Assert.Equal(UploadStatus.Completed, f.Get(upload).Status);
    }

    [Fact]
    public async Task A_concurrent_write_to_the_upload_is_retried_with_the_new_etag()
    {
        var (f, upload) = await IngestedAsync();
        var interfered = false;
        f.Uploads.BeforeReplace = current =>
        {
            if (!interfered)
            {
                // Someone else writes the upload between our read and our write.
                interfered = true;
                f.Uploads.Uploads[(current.UserId, current.Id)] = f.Get(upload) with { ETag = ETags.New(), Title = "renamed" };
            }
        };

        var outcome = await f.EmbedAsync(upload);

        Assert.Equal(EmbeddingOutcomeKind.Embedded, outcome.Kind);
        var stored = f.Get(upload);
        Assert.Equal("renamed", stored.Title);
        Assert.Equal(1, stored.EmbeddedChunks);
        Assert.NotNull(stored.EmbeddedAt);
    }

    [Fact]
    public async Task An_item_without_an_upload_is_embedded_all_the_same()
    {
        var (f, upload) = await IngestedAsync();
        f.Uploads.Uploads.Remove((upload.UserId, upload.Id));

        var outcome = await f.EmbedAsync(upload);

        Assert.Equal(EmbeddingOutcomeKind.Embedded, outcome.Kind);
        Assert.Single(f.Embeddings.Chunks);
        Assert.False(f.HasEmbeddingRequest(upload));
    }

    [Fact]
    public async Task A_failing_generator_reaches_the_host_and_keeps_the_request()
    {
        var (f, upload) = await IngestedAsync();
        f.Generator.Throw = new TimeoutException("model busy");

        await Assert.ThrowsAsync<TimeoutException>(() => f.EmbedAsync(upload));

        Assert.True(f.HasEmbeddingRequest(upload));
        Assert.Null(f.Get(upload).EmbeddedAt);
        Assert.Empty(f.Embeddings.Chunks);

        f.Generator.Throw = null;
        Assert.Equal(EmbeddingOutcomeKind.Embedded, (await f.EmbedAsync(upload)).Kind);
    }

    [Fact]
    public async Task An_item_erased_while_it_is_embedded_gets_no_vectors_written()
    {
        var (f, upload) = await IngestedAsync();
        f.Generator.OnGenerate = () => f.Items.Items.Remove((upload.UserId, upload.Id));

        var outcome = await f.EmbedAsync(upload);

        Assert.Equal(EmbeddingOutcomeKind.ItemGone, outcome.Kind);
        Assert.DoesNotContain(f.Embeddings.Chunks, c => c.Value.Count > 0);
        Assert.False(f.HasEmbeddingRequest(upload));
    }

    [Fact]
    public async Task Permanently_deleting_an_uploaded_item_deletes_its_file_request_and_upload_record_before_the_item()
    {
        var (f, upload) = await IngestedAsync();
        f.Blobs.Blobs[(UploadPaths.QuarantineContainer, upload.BlobPath)] = [1];
        var service = new Kmt.Core.Knowledge.KnowledgeService(f.Items, f.Tags.Object, TestSupport.Limits(), f.Clock, f.Uploads, f.Blobs);
        var caller = new Kmt.Core.Accounts.AuthenticatedUser(upload.UserId, Kmt.Core.Accounts.Roles.User, "family");
        Assert.True(f.InUploads(upload));

        await service.DeleteAsync(caller, upload.Id, permanent: true, CancellationToken.None);

        Assert.False(f.InUploads(upload));
        Assert.False(f.InQuarantine(upload.BlobPath));
        Assert.False(f.HasEmbeddingRequest(upload));
        Assert.False(f.Uploads.Uploads.ContainsKey((upload.UserId, upload.Id)));
        Assert.Empty(f.Items.Items);
    }

    [Fact]
    public async Task A_permanent_delete_that_fails_part_way_leaves_the_item_so_a_retry_finishes()
    {
        var (f, upload) = await IngestedAsync();
        var service = new Kmt.Core.Knowledge.KnowledgeService(f.Items, f.Tags.Object, TestSupport.Limits(), f.Clock, f.Uploads, f.Blobs);
        var caller = new Kmt.Core.Accounts.AuthenticatedUser(upload.UserId, Kmt.Core.Accounts.Roles.User, "family");
        f.Blobs.FailDeletes = true;

        await Assert.ThrowsAsync<IOException>(() => service.DeleteAsync(caller, upload.Id, permanent: true, CancellationToken.None));
        Assert.Single(f.Items.Items); // the parent is still there: nothing orphaned

        f.Blobs.FailDeletes = false;
        await service.DeleteAsync(caller, upload.Id, permanent: true, CancellationToken.None);
        Assert.Empty(f.Items.Items);
        Assert.False(f.InUploads(upload));
        Assert.False(f.Uploads.Uploads.ContainsKey((upload.UserId, upload.Id)));
    }
}
