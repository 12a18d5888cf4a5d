using System.Text;
using System.Text.Json;
using Kmt.Core.Common;
using Kmt.Core.Documents;
using Kmt.Core.Embeddings;
using Kmt.Core.Tags;
using Kmt.Core.Tests.Fakes;
using Kmt.Core.TextAnalysis;
using Kmt.Core.Uploads;
using Moq;

namespace Kmt.Core.Tests.Uploads;

public class IngestionServiceTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task A_text_file_becomes_a_document_item_with_metadata_a_completed_upload_and_an_embedding_request()
    {
        var f = new IngestionFixture();
        var upload = f.Seed(tags: ["science/physics"]);

        var outcome = await f.ProcessAsync(upload);

        Assert.Equal(IngestionOutcomeKind.Completed, outcome.Kind);
        var item = Assert.Single(f.Items.Items.Values);
        Assert.Equal(upload.Id, item.Id);
        Assert.Equal(f.UserId, item.UserId);
        Assert.Equal(IngestionFixture.Text, item.Content);
        Assert.Equal("document", item.ContentType);
        Assert.Equal("upload", item.SourceType);
        Assert.Equal(["science/physics"], item.Tags);
        Assert.Equal("notes", item.Title);
        Assert.Equal(13, item.WordCount);
        Assert.Equal(TestSupport.Start, item.CreatedAt);
        f.Tags.Verify(t => t.EnsureExistAsync(f.UserId, It.Is<IReadOnlyCollection<string>>(n => n.Single() == "science/physics"), TagColors.Default, TestSupport.Start, It.IsAny<CancellationToken>()), Times.Once);

        using var metadata = JsonDocument.Parse(item.MetadataJson);
        var root = metadata.RootElement;
        Assert.Equal("Quantum physics is strange.", root.GetProperty("summary")[0].GetString());
        Assert.Equal("quantum physics", root.GetProperty("key_phrases")[0].GetProperty("text").GetString());
        Assert.Equal(2, root.GetProperty("key_phrases")[0].GetProperty("count").GetInt32());
        Assert.Equal("person", root.GetProperty("entities")[0].GetProperty("category").GetString());
        Assert.Equal(3, root.GetProperty("entities")[0].GetProperty("offsets")[0].GetInt32());
        var document = root.GetProperty("document");
        Assert.Equal("plain_text", document.GetProperty("format").GetString());
        Assert.Equal("notes.txt", document.GetProperty("file_name").GetString());
        Assert.Equal("en", document.GetProperty("language").GetString());
        Assert.Equal(13, document.GetProperty("word_count").GetInt32());
        Assert.Equal(1, document.GetProperty("reading_time_minutes").GetInt32());
        Assert.Equal(Encoding.UTF8.GetByteCount(IngestionFixture.Text), document.GetProperty("size_bytes").GetInt64());
        Assert.Equal(64, document.GetProperty("sha256").GetString()!.Length);
        Assert.Equal(JsonValueKind.Null, document.GetProperty("author").ValueKind);
        Assert.Equal(upload.Id, root.GetProperty("upload_id").GetString());

        // Not embedded inline: the item is searchable now, and a request hands it to the second stage.
        Assert.False(document.TryGetProperty("embedded_chunks", out _));
        Assert.Empty(f.Embeddings.Chunks);
        Assert.Empty(f.Generator.Batches);
        Assert.True(f.HasEmbeddingRequest(upload));
        using var request = JsonDocument.Parse(f.EmbeddingRequestBody(upload));
        Assert.Equal(upload.Id, request.RootElement.GetProperty("upload_id").GetString());
        Assert.Equal(document.GetProperty("sha256").GetString(), request.RootElement.GetProperty("content_sha256").GetString());

        var stored = f.Get(upload);
        Assert.Equal(UploadStatus.Completed, stored.Status);
        Assert.Equal(item.Id, stored.KnowledgeItemId);
        Assert.Equal("plain_text", stored.DetectedFormat);
        Assert.Equal(1, stored.Attempts);
        Assert.Null(stored.Reason);
        Assert.Equal(Encoding.UTF8.GetByteCount(IngestionFixture.Text), stored.SizeBytes);
        Assert.Equal(document.GetProperty("sha256").GetString(), stored.ContentSha256);
        Assert.NotEqual(upload.ETag, stored.ETag);
        Assert.Equal(["read", "parse", "analysis", "store", "total"], stored.TimingsMs!.Keys.ToArray());
        Assert.Null(stored.EmbeddedChunks);
        Assert.Null(stored.EmbeddedAt);
        Assert.Equal(stored, outcome.Upload);
        Assert.True(f.InUploads(upload));
        Assert.Equal(3, f.Analyzer.Requests.Single().SummarySentences);
    }

    [Fact]
    public async Task A_text_beyond_the_APIs_content_limit_is_stored_truncated_with_its_source_and_embedded_in_one_call_up_to_the_chunk_limit()
    {
        var f = new IngestionFixture(o => o.MaxChunksPerDocument = 40);
        var text = string.Join(" ", Enumerable.Range(0, 12_000).Select(i => $"Sentence number {i} is here."));
        Assert.True(text.Length > new KmtLimits().ContentMaxLength);
        var upload = f.Seed(text);

        var outcome = await f.ProcessAsync(upload);

        Assert.Equal(IngestionOutcomeKind.Completed, outcome.Kind);
        var item = f.Items.Items.Values.Single();

        // No item the API would refuse back on PUT: the head is stored, and the item says where the rest is.
        var limit = new KmtLimits().ContentMaxLength;
        Assert.Equal(text[..limit], item.Content);
        Assert.Equal(limit, item.ContentLength);
        Assert.True(item.ContentTruncated);
        Assert.Equal(text.Length, item.OriginalContentLength);
        Assert.Equal(upload.Id, item.SourceUploadId);
        Assert.Single(f.Analyzer.Texts, t => t.Length == limit); // the analysis reads what is stored, not the whole text
        Assert.Empty(f.Generator.Batches);

        var embedded = await f.EmbedAsync(upload);

        Assert.Equal(new EmbeddingOutcome(EmbeddingOutcomeKind.Embedded, 40), embedded);
        Assert.Equal(40, f.Embeddings.Chunks.Values.Single().Count);
        Assert.Equal([40], f.Generator.Batches); // the whole document in one call: the generator sorts and batches it
    }

    [Fact]
    public async Task A_short_text_is_stored_whole_with_its_source_upload()
    {
        var f = new IngestionFixture();
        var upload = f.Seed();

        await f.ProcessAsync(upload);

        var item = f.Items.Items.Values.Single();
        Assert.False(item.ContentTruncated);
        Assert.Null(item.OriginalContentLength);
        Assert.Equal(IngestionFixture.Text.Length, item.ContentLength);
        Assert.Equal(upload.Id, item.SourceUploadId);
    }

    [Theory]
    [InlineData(typeof(OutOfMemoryException))]
    [InlineData(typeof(InsufficientExecutionStackException))]
    public async Task Running_out_of_memory_or_stack_while_parsing_fails_the_file_for_good_at_once(Type exceptionType)
    {
        var f = new IngestionFixture();
        var upload = f.Seed();
        foreach (var extractor in f.Extractors.Values)
        {
            extractor.Extract = _ => throw (Exception)Activator.CreateInstance(exceptionType)!;
        }

        var outcome = await f.ProcessAsync(upload);

        Assert.Equal(IngestionOutcomeKind.Failed, outcome.Kind);
        Assert.Equal(1, f.Get(upload).Attempts); // no retries: the same file would fail the same way
        Assert.Equal(IngestionService.TooComplexReason, f.Get(upload).Reason);
        Assert.True(f.InQuarantine(upload.BlobPath));
    }

    [Fact]
    public async Task A_text_whose_stored_part_cannot_fit_an_item_fails_for_good_before_analysis()
    {
        var f = new IngestionFixture(o => o.MaxStoredContentBytes = 1_000);
        var upload = f.Seed(new string('é', 900)); // 1,800 UTF-8 bytes, under the content limit in chars

        var outcome = await f.ProcessAsync(upload);

        Assert.Equal(IngestionOutcomeKind.Failed, outcome.Kind);
        Assert.Equal(1, f.Get(upload).Attempts);
        Assert.Contains("too large to store", f.Get(upload).Reason, StringComparison.Ordinal);
        Assert.Empty(f.Analyzer.Texts);
        Assert.Empty(f.Items.Items);
    }

    [Fact]
    public async Task A_store_that_refuses_the_item_as_too_large_is_a_permanent_failure_not_five_retries()
    {
        var f = new IngestionFixture();
        var upload = f.Seed();
        f.Items.OnCreate = _ => throw new KmtException(ErrorCode.PayloadTooLarge, "Request size is too large");

        var outcome = await f.ProcessAsync(upload);

        Assert.Equal(IngestionOutcomeKind.Failed, outcome.Kind);
        Assert.Equal(1, f.Get(upload).Attempts);
        Assert.Contains("too large to store", f.Get(upload).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Processing_the_same_blob_again_does_nothing()
    {
        var f = new IngestionFixture();
        var upload = f.Seed();
        await f.ProcessAsync(upload);
        var completed = f.Get(upload);

        var again = await f.ProcessAsync(upload);

        Assert.Equal(IngestionOutcomeKind.AlreadyDone, again.Kind);
        Assert.Single(f.Items.Items);
        Assert.Equal(completed, f.Get(upload));
        Assert.Empty(f.Generator.Batches);
        Assert.True(f.HasEmbeddingRequest(upload));
    }

    [Fact]
    public async Task A_redelivered_blob_of_a_completed_upload_writes_a_missing_embedding_request_again()
    {
        // The run completed the upload and stopped before writing the request.
        var f = new IngestionFixture();
        var upload = f.Seed();
        await f.ProcessAsync(upload);
        Assert.True(await f.Blobs.DeleteAsync(UploadPaths.EmbeddingRequestsContainer, IngestionFixture.RequestPath(upload), Ct));
        var completed = f.Get(upload);

        var again = await f.ProcessAsync(upload);

        Assert.Equal(IngestionOutcomeKind.AlreadyDone, again.Kind);
        Assert.True(f.HasEmbeddingRequest(upload));
        Assert.Equal(completed, f.Get(upload));
        Assert.Single(f.Items.Items);

        // Once embedded, a redelivery asks for nothing more.
        await f.EmbedAsync(upload);
        Assert.False(f.HasEmbeddingRequest(upload));
        await f.ProcessAsync(upload);
        Assert.False(f.HasEmbeddingRequest(upload));
    }

    [Theory]
    [InlineData(UploadStatus.Duplicate)]
    [InlineData(UploadStatus.Failed)]
    public async Task Finished_uploads_are_left_alone(UploadStatus status)
    {
        var f = new IngestionFixture();
        var upload = f.Seed(status: status);

        var outcome = await f.ProcessAsync(upload);

        Assert.Equal(IngestionOutcomeKind.AlreadyDone, outcome.Kind);
        Assert.Empty(f.Items.Items);
        Assert.Equal(upload, f.Get(upload));
    }

    [Fact]
    public async Task The_same_bytes_uploaded_again_by_the_same_user_point_to_the_existing_item()
    {
        var f = new IngestionFixture();
        var first = f.Seed();
        await f.ProcessAsync(first);
        var second = f.Seed(fileName: "copy.txt");

        var outcome = await f.ProcessAsync(second);

        Assert.Equal(IngestionOutcomeKind.Duplicate, outcome.Kind);
        Assert.False(f.HasEmbeddingRequest(second)); // the existing item has its own
        var stored = f.Get(second);
        Assert.Equal(UploadStatus.Duplicate, stored.Status);
        Assert.Equal(first.Id, stored.KnowledgeItemId);
        Assert.Equal(f.Get(first).ContentSha256, stored.ContentSha256);
        Assert.Single(f.Items.Items);
        Assert.False(f.InUploads(second));
        Assert.False(f.InQuarantine(second.BlobPath));
        Assert.True(f.InUploads(first));
    }

    [Fact]
    public async Task Another_users_identical_bytes_are_not_a_duplicate()
    {
        var f = new IngestionFixture();
        await f.ProcessAsync(f.Seed());
        var other = f.Seed(userId: Ids.New());

        var outcome = await f.ProcessAsync(other);

        Assert.Equal(IngestionOutcomeKind.Completed, outcome.Kind);
        Assert.Equal(2, f.Items.Items.Count);
        Assert.Equal(other.UserId, f.Items.Items[(other.UserId, other.Id)].UserId);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Bytes_whose_earlier_item_was_erased_or_trashed_make_a_new_item(bool erase)
    {
        var f = new IngestionFixture();
        var first = f.Seed();
        await f.ProcessAsync(first);
        if (erase)
        {
            f.Items.Items.Remove((f.UserId, first.Id));
        }
        else
        {
            f.Items.Items[(f.UserId, first.Id)] = f.Items.Items[(f.UserId, first.Id)] with { DeletedAt = TestSupport.Start };
        }

        var second = f.Seed();
        var outcome = await f.ProcessAsync(second);

        Assert.Equal(IngestionOutcomeKind.Completed, outcome.Kind);
        Assert.Equal(second.Id, f.Get(second).KnowledgeItemId);
        Assert.True(f.Items.Items.ContainsKey((f.UserId, second.Id)));
    }

    [Theory]
    [InlineData("not-an-upload-path")]
    [InlineData("a/b")]
    [InlineData("a/b/c/d")]
    [InlineData("a//c")]
    public async Task A_blob_outside_the_upload_layout_is_quarantined_and_ignored(string path)
    {
        var f = new IngestionFixture();
        f.Blobs.Blobs[(UploadPaths.UploadsContainer, path)] = [1, 2, 3];

        var outcome = await f.ProcessAsync(path);

        Assert.Equal(IngestionOutcomeKind.Ignored, outcome.Kind);
        Assert.Null(outcome.Upload);
        Assert.True(f.InQuarantine(path));
        Assert.Empty(f.Items.Items);
    }

    [Fact]
    public async Task A_blob_nobody_asked_for_is_quarantined_and_ignored()
    {
        var f = new IngestionFixture();
        var path = UploadPaths.BlobPath(f.UserId, Ids.New(), "x.txt");
        f.Blobs.Blobs[(UploadPaths.UploadsContainer, path)] = Encoding.UTF8.GetBytes("hello there");

        var outcome = await f.ProcessAsync(path);

        Assert.Equal(IngestionOutcomeKind.Ignored, outcome.Kind);
        Assert.True(f.InQuarantine(path));
        Assert.Empty(f.Items.Items);
    }

    [Fact]
    public async Task A_blob_under_another_users_folder_cannot_process_someone_elses_upload()
    {
        var f = new IngestionFixture();
        var victims = f.Seed();
        var attacker = Ids.New();
        var path = UploadPaths.BlobPath(attacker, victims.Id, victims.FileName);
        f.Blobs.Blobs[(UploadPaths.UploadsContainer, path)] = Encoding.UTF8.GetBytes("attacker text");

        var outcome = await f.ProcessAsync(path);

        Assert.Equal(IngestionOutcomeKind.Ignored, outcome.Kind);
        Assert.Equal(victims, f.Get(victims));
        Assert.Empty(f.Items.Items);
        Assert.True(f.InQuarantine(path));
        Assert.True(f.InUploads(victims));
    }

    [Fact]
    public async Task A_blob_with_another_file_name_than_its_upload_is_ignored()
    {
        var f = new IngestionFixture();
        var upload = f.Seed();
        var path = UploadPaths.BlobPath(upload.UserId, upload.Id, "other.txt");
        f.Blobs.Blobs[(UploadPaths.UploadsContainer, path)] = Encoding.UTF8.GetBytes("text");

        var outcome = await f.ProcessAsync(path);

        Assert.Equal(IngestionOutcomeKind.Ignored, outcome.Kind);
        Assert.Equal(upload, f.Get(upload));
        Assert.True(f.InQuarantine(path));
    }

    [Fact]
    public async Task Bytes_that_are_no_supported_document_fail_and_are_quarantined_whatever_the_name()
    {
        var f = new IngestionFixture();
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0];
        var upload = f.Seed(fileName: "report.pdf", bytes: png);

        var outcome = await f.ProcessAsync(upload);

        Assert.Equal(IngestionOutcomeKind.Failed, outcome.Kind);
        var stored = f.Get(upload);
        Assert.Equal(UploadStatus.Failed, stored.Status);
        Assert.Equal(IngestionService.NotADocumentReason, stored.Reason);
        Assert.True(f.InQuarantine(upload.BlobPath));
        Assert.False(f.InUploads(upload));
        Assert.Empty(f.Items.Items);
        Assert.All(f.Extractors.Values, e => Assert.Empty(e.Calls));
    }

    [Fact]
    public async Task The_extractor_is_chosen_by_the_bytes_not_the_file_name()
    {
        var f = new IngestionFixture();
        var upload = f.Seed(fileName: "fake.pdf");

        await f.ProcessAsync(upload);

        Assert.Single(f.Extractors[DocumentFormat.PlainText].Calls);
        Assert.Empty(f.Extractors[DocumentFormat.Pdf].Calls);
        Assert.Equal("plain_text", f.Get(upload).DetectedFormat);
    }

    [Fact]
    public async Task A_rejected_document_fails_with_the_extractors_reason()
    {
        var f = new IngestionFixture(o => o.MaxPdfPages = 7);
        f.Extractors[DocumentFormat.PlainText].Extract = _ => throw new DocumentRejectedException("The PDF is password-protected.");
        var upload = f.Seed();

        var outcome = await f.ProcessAsync(upload);

        Assert.Equal(IngestionOutcomeKind.Failed, outcome.Kind);
        Assert.Equal("The PDF is password-protected.", f.Get(upload).Reason);
        Assert.Equal("plain_text", f.Get(upload).DetectedFormat);
        Assert.True(f.InQuarantine(upload.BlobPath));
        Assert.Equal(7, f.Extractors[DocumentFormat.PlainText].Calls.Single().MaxPages);
    }

    [Fact]
    public async Task A_document_without_text_fails()
    {
        var f = new IngestionFixture();
        f.Extractors[DocumentFormat.PlainText].Extract = _ => new ExtractedDocument { Text = " \n\n " };
        var upload = f.Seed();

        var outcome = await f.ProcessAsync(upload);

        Assert.Equal(IngestionOutcomeKind.Failed, outcome.Kind);
        Assert.Equal(IngestionService.NoTextReason, f.Get(upload).Reason);
        Assert.True(f.InQuarantine(upload.BlobPath));
    }

    [Fact]
    public async Task A_blob_larger_than_the_limit_fails_and_is_deleted_not_quarantined()
    {
        var f = new IngestionFixture(o => o.MaxFileBytes = 10);
        var upload = f.Seed();

        var outcome = await f.ProcessAsync(upload);

        Assert.Equal(IngestionOutcomeKind.Failed, outcome.Kind);
        Assert.Equal(UploadRules.TooLargeReason(10), f.Get(upload).Reason);
        Assert.False(f.InUploads(upload));
        Assert.False(f.InQuarantine(upload.BlobPath));
    }

    [Fact]
    public async Task A_transient_error_puts_the_upload_back_in_the_queue_and_reaches_the_host()
    {
        var f = new IngestionFixture();
        f.Analyzer.Analyze = _ => throw new HttpRequestException("analyzer unavailable");
        var upload = f.Seed();

        await Assert.ThrowsAsync<HttpRequestException>(() => f.ProcessAsync(upload));

        var stored = f.Get(upload);
        Assert.Equal(UploadStatus.Queued, stored.Status);
        Assert.Equal(1, stored.Attempts);
        Assert.Null(stored.Reason);
        Assert.True(f.InUploads(upload));
        Assert.Empty(f.Items.Items);
    }

    [Fact]
    public async Task Transient_errors_fail_the_upload_for_good_on_the_last_attempt()
    {
        var f = new IngestionFixture(o => o.MaxAttempts = 3);
        f.Analyzer.Analyze = _ => throw new TimeoutException("analyzer busy");
        var upload = f.Seed();

        await Assert.ThrowsAsync<TimeoutException>(() => f.ProcessAsync(upload));
        await Assert.ThrowsAsync<TimeoutException>(() => f.ProcessAsync(upload));
        var last = await f.ProcessAsync(upload);

        Assert.Equal(IngestionOutcomeKind.Failed, last.Kind);
        var stored = f.Get(upload);
        Assert.Equal(UploadStatus.Failed, stored.Status);
        Assert.Equal(3, stored.Attempts);
        Assert.Equal("We could not process this file after 3 attempts.", stored.Reason);
        Assert.True(f.InQuarantine(upload.BlobPath));
        Assert.Empty(f.Items.Items);

        // And the host's next delivery changes nothing.
        Assert.Equal(IngestionOutcomeKind.AlreadyDone, (await f.ProcessAsync(upload)).Kind);
    }

    [Fact]
    public async Task An_upload_out_of_attempts_fails_without_being_processed()
    {
        var f = new IngestionFixture();
        var upload = f.Seed(status: UploadStatus.Processing, attempts: 5);

        var outcome = await f.ProcessAsync(upload);

        Assert.Equal(IngestionOutcomeKind.Failed, outcome.Kind);
        Assert.Equal("We could not process this file after 5 attempts.", f.Get(upload).Reason);
        Assert.Equal(5, f.Get(upload).Attempts);
        Assert.True(f.InQuarantine(upload.BlobPath));
        Assert.Empty(f.Analyzer.Requests);
    }

    [Fact]
    public async Task Losing_the_claim_to_another_worker_is_busy()
    {
        var f = new IngestionFixture();
        var upload = f.Seed();
        f.Uploads.BeforeReplace = _ =>
        {
            f.Uploads.BeforeReplace = null;
            f.Uploads.Uploads[(upload.UserId, upload.Id)] = upload with { Status = UploadStatus.Processing, ETag = ETags.New() };
        };

        var outcome = await f.ProcessAsync(upload);

        Assert.Equal(IngestionOutcomeKind.Busy, outcome.Kind);
        Assert.Empty(f.Items.Items);
        Assert.True(f.InUploads(upload));
    }

    [Fact]
    public async Task Losing_the_claim_to_the_upload_service_marking_it_queued_claims_again()
    {
        // The trigger fired while the upload service was still moving the record from pending to
        // queued: that write is not another worker's claim, so the blob must still be processed.
        var f = new IngestionFixture();
        var upload = f.Seed(status: UploadStatus.Pending);
        f.Uploads.BeforeReplace = _ =>
        {
            f.Uploads.BeforeReplace = null;
            f.Uploads.Uploads[(upload.UserId, upload.Id)] = upload with { Status = UploadStatus.Queued, ETag = ETags.New() };
        };

        var outcome = await f.ProcessAsync(upload);

        Assert.Equal(IngestionOutcomeKind.Completed, outcome.Kind);
        Assert.Equal(UploadStatus.Completed, f.Get(upload).Status);
        Assert.Equal(1, f.Get(upload).Attempts);
        Assert.Single(f.Items.Items);
    }

    [Fact]
    public async Task A_retry_after_a_crash_between_item_and_upload_reuses_the_item()
    {
        var f = new IngestionFixture();
        var upload = f.Seed(status: UploadStatus.Processing, attempts: 1);
        var earlier = new Kmt.Core.Knowledge.KnowledgeItem
        {
            Id = upload.Id, UserId = upload.UserId, Title = "made before the crash", Content = IngestionFixture.Text, ContentType = "document",
            CreatedAt = TestSupport.Start, UpdatedAt = TestSupport.Start, AccessedAt = TestSupport.Start, ETag = ETags.New(),
        };
        await f.Items.CreateAsync(earlier, Ct);

        var outcome = await f.ProcessAsync(upload);

        Assert.Equal(IngestionOutcomeKind.Completed, outcome.Kind);
        Assert.Equal(earlier, Assert.Single(f.Items.Items.Values));
        Assert.Equal(upload.Id, f.Get(upload).KnowledgeItemId);
        Assert.Equal(2, f.Get(upload).Attempts);
        Assert.True(f.HasEmbeddingRequest(upload)); // the earlier attempt may not have written it
    }

    [Fact]
    public async Task A_pending_upload_whose_blob_arrived_is_processed()
    {
        var f = new IngestionFixture();
        var upload = f.Seed(status: UploadStatus.Pending);

        Assert.Equal(IngestionOutcomeKind.Completed, (await f.ProcessAsync(upload)).Kind);
    }

    [Fact]
    public async Task The_title_is_the_users_then_the_documents_then_the_first_heading_then_the_file_name()
    {
        var f = new IngestionFixture();
        f.Extractors[DocumentFormat.PlainText].Extract = text => new ExtractedDocument { Text = text, Title = "  Doc\ntitle ", Headings = ["Heading"] };
        var byUser = f.Seed(title: "Mine", fileName: "a.txt");
        await f.ProcessAsync(byUser);
        Assert.Equal("Mine", f.Items.Items[(f.UserId, byUser.Id)].Title);

        var byDocument = f.Seed(IngestionFixture.Text + " 2", fileName: "b.txt");
        await f.ProcessAsync(byDocument);
        Assert.Equal("Doc title", f.Items.Items[(f.UserId, byDocument.Id)].Title);

        f.Extractors[DocumentFormat.PlainText].Extract = text => new ExtractedDocument { Text = text, Title = " ", Headings = ["", "First heading"] };
        var byHeading = f.Seed(IngestionFixture.Text + " 3", fileName: "c.txt");
        await f.ProcessAsync(byHeading);
        Assert.Equal("First heading", f.Items.Items[(f.UserId, byHeading.Id)].Title);

        f.Extractors[DocumentFormat.PlainText].Extract = text => new ExtractedDocument { Text = text };
        var byName = f.Seed(IngestionFixture.Text + " 4", fileName: "Quarterly report.final.txt");
        await f.ProcessAsync(byName);
        Assert.Equal("Quarterly report.final", f.Items.Items[(f.UserId, byName.Id)].Title);

        var dotName = f.Seed(IngestionFixture.Text + " 5", fileName: ".txt");
        await f.ProcessAsync(dotName);
        Assert.Equal(".txt", f.Items.Items[(f.UserId, dotName.Id)].Title);
    }

    [Fact]
    public async Task A_long_document_title_is_cut_to_the_title_limit()
    {
        var f = new IngestionFixture();
        f.Extractors[DocumentFormat.PlainText].Extract = text => new ExtractedDocument { Text = text, Title = new string('t', 900) };
        var upload = f.Seed();

        await f.ProcessAsync(upload);

        Assert.Equal(new KmtLimits().TitleMaxLength, f.Items.Items.Values.Single().Title.Length);
    }

    [Fact]
    public async Task Document_properties_are_kept_in_the_metadata()
    {
        var f = new IngestionFixture();
        f.Extractors[DocumentFormat.PlainText].Extract = text => new ExtractedDocument
        {
            Text = text, Title = "T", Author = "Ada", PageCount = 12, CreatedAt = new DateTimeOffset(2020, 5, 6, 7, 8, 9, TimeSpan.FromHours(2)),
        };
        var upload = f.Seed();

        await f.ProcessAsync(upload);

        using var metadata = JsonDocument.Parse(f.Items.Items.Values.Single().MetadataJson);
        var document = metadata.RootElement.GetProperty("document");
        Assert.Equal("T", document.GetProperty("title").GetString());
        Assert.Equal("Ada", document.GetProperty("author").GetString());
        Assert.Equal(12, document.GetProperty("page_count").GetInt32());
        Assert.Equal("2020-05-06T05:08:09Z", document.GetProperty("created_at").GetString());
    }

    [Fact]
    public async Task One_failing_file_does_not_affect_another()
    {
        var f = new IngestionFixture();
        var bad = f.Seed(bytes: [0, 1, 2, 3, 0, 0, 0, 9]);
        var good = f.Seed();

        Assert.Equal(IngestionOutcomeKind.Failed, (await f.ProcessAsync(bad)).Kind);
        Assert.Equal(IngestionOutcomeKind.Completed, (await f.ProcessAsync(good)).Kind);
    }

    [Fact]
    public async Task Analysis_uses_the_configured_summary_length()
    {
        var f = new IngestionFixture(o => o.SummarySentences = 5);
        f.Analyzer.Analyze = _ => new TextAnalysisResult(null, [], [], []);

        await f.ProcessAsync(f.Seed());

        Assert.Equal(5, f.Analyzer.Requests.Single().SummarySentences);
        using var metadata = JsonDocument.Parse(f.Items.Items.Values.Single().MetadataJson);
        Assert.Equal(JsonValueKind.Null, metadata.RootElement.GetProperty("document").GetProperty("language").ValueKind);
    }
}
