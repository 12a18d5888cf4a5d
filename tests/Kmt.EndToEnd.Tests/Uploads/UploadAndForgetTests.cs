using System.Net;
using System.Text;
using Kmt.Core.Uploads;
using Kmt.EndToEnd.Tests.Api;
using Kmt.EndToEnd.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Kmt.EndToEnd.Tests.Uploads;

/// <summary>Upload a document, walk away, find it by a phrase from deep inside it.</summary>
[Collection(DevHostCollection.Name)]
public sealed class UploadAndForgetTests(DevHostFixture host)
{
    [NotOnEmulatedAzureFact(EmulatedAzureGaps.FullTextSearch)]
    public async Task A_five_page_pdf_becomes_a_summarised_item_searchable_by_a_phrase_on_its_last_page()
    {
        var user = await host.RegisterAsync();
        var uploadId = await user.Client.UploadOneAsync("leaves.pdf", TestDocuments.Pdf(5, "The zebra quokka marmalade experiment concluded."), "application/pdf", tags: "biology/plants, reading");

        var status = await user.Client.WaitForOutcomeAsync(uploadId);
        Assert.Equal("completed", status["status"]!.GetValue<string>());
        Assert.Equal("pdf", status["detected_format"]!.GetValue<string>());
        var itemId = status["knowledge_item_id"]!.GetValue<string>();

        var item = (await user.Client.GetAsync($"api/v1/knowledge/{itemId}")).Expect(HttpStatusCode.OK).Data;
        Assert.Equal("document", item["content_type"]!.GetValue<string>());
        Assert.Equal("upload", item["source_type"]!.GetValue<string>());
        Assert.Equal("Light and Leaves", item["title"]!.GetValue<string>());
        Assert.Equal(["biology/plants", "reading"], item["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        var metadata = item["metadata"]!;
        Assert.NotEmpty(metadata["summary"]!.AsArray());
        Assert.NotEmpty(metadata["key_phrases"]!.AsArray());
        Assert.Equal(5, metadata["document"]!["page_count"]!.GetValue<int>());
        Assert.Equal("Test Author", metadata["document"]!["author"]!.GetValue<string>());
        Assert.Equal("en", metadata["document"]!["language"]!.GetValue<string>());
        Assert.True(metadata["document"]!["word_count"]!.GetValue<int>() > 500);

        var hits = (await user.Client.PostAsync("api/v1/knowledge/search", new { query = "\"quokka marmalade\"" })).Expect(HttpStatusCode.OK).Data.AsArray();
        Assert.Equal(itemId, Assert.Single(hits)!["id"]!.GetValue<string>());

        // The vectors follow in the second stage (embedding-requests/{user}/{item}).
        var embedded = await user.Client.WaitForEmbeddingAsync(uploadId);
        Assert.Equal("completed", embedded["embedding_status"]!.GetValue<string>());
        Assert.True(embedded["embedded_chunks"]!.GetValue<int>() > 0);
        Assert.NotNull(embedded["embedded_at"]);
        Assert.True(embedded["timings_ms"]!["embedding"]!.GetValue<double>() >= 0);
        Assert.Equal("completed", embedded["status"]!.GetValue<string>());
    }

    [NotOnEmulatedAzureTheory(EmulatedAzureGaps.FullTextSearch)]
    [InlineData("docx")]
    [InlineData("html")]
    [InlineData("markdown")]
    public async Task Docx_html_and_markdown_become_items_with_their_visible_text(string format)
    {
        var user = await host.RegisterAsync();
        var secret = $"Unmistakable {format} phrase wombat saxophone.";
        var (bytes, name) = format switch
        {
            "docx" => (TestDocuments.Docx(secret), "notes.docx"),
            "html" => (TestDocuments.Html(secret), "page.html"),
            _ => (TestDocuments.Markdown(secret), "notes.md"),
        };

        var status = await user.Client.WaitForOutcomeAsync(await user.Client.UploadOneAsync(name, bytes));
        Assert.Equal("completed", status["status"]!.GetValue<string>());
        var item = (await user.Client.GetAsync($"api/v1/knowledge/{status["knowledge_item_id"]!.GetValue<string>()}")).Expect(HttpStatusCode.OK).Data;
        var content = item["content"]!.GetValue<string>();
        Assert.Contains("wombat saxophone", content);
        Assert.DoesNotContain("script-text-must-not-appear", content);
        Assert.DoesNotContain("<p", content);
        var hits = (await user.Client.PostAsync("api/v1/knowledge/search", new { query = "wombat saxophone" })).Expect(HttpStatusCode.OK).Data.AsArray();
        Assert.Single(hits);
    }

    [Fact]
    public async Task A_mislabelled_file_is_recognised_by_its_bytes()
    {
        var user = await host.RegisterAsync();
        var status = await user.Client.WaitForOutcomeAsync(await user.Client.UploadOneAsync("holiday-photo.jpg", TestDocuments.Pdf(1, "Mislabelled but readable."), "image/jpeg"));
        Assert.Equal("completed", status["status"]!.GetValue<string>());
        Assert.Equal("pdf", status["detected_format"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_same_bytes_again_end_as_duplicate_pointing_at_the_first_item()
    {
        var user = await host.RegisterAsync();
        var bytes = TestDocuments.Markdown("Duplicate detection phrase heron.");
        var first = await user.Client.WaitForOutcomeAsync(await user.Client.UploadOneAsync("a.md", bytes));
        var second = await user.Client.WaitForOutcomeAsync(await user.Client.UploadOneAsync("copy-of-a.md", bytes));

        Assert.Equal("completed", first["status"]!.GetValue<string>());
        Assert.Equal("duplicate", second["status"]!.GetValue<string>());
        Assert.Equal("not_applicable", second["embedding_status"]!.GetValue<string>());
        Assert.Equal(first["knowledge_item_id"]!.GetValue<string>(), second["knowledge_item_id"]!.GetValue<string>());
        var list = (await user.Client.GetAsync("api/v1/knowledge")).Expect(HttpStatusCode.OK);
        Assert.Equal(1, list.Json!["pagination"]!["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task Another_users_identical_file_is_not_a_duplicate()
    {
        var bytes = TestDocuments.Markdown("Shared article phrase pelican.");
        var alice = await host.RegisterAsync();
        var bob = await host.RegisterAsync();
        var a = await alice.Client.WaitForOutcomeAsync(await alice.Client.UploadOneAsync("a.md", bytes));
        var b = await bob.Client.WaitForOutcomeAsync(await bob.Client.UploadOneAsync("a.md", bytes));
        Assert.Equal("completed", a["status"]!.GetValue<string>());
        Assert.Equal("completed", b["status"]!.GetValue<string>());
        Assert.NotEqual(a["knowledge_item_id"]!.GetValue<string>(), b["knowledge_item_id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("corrupt")]
    [InlineData("binary")]
    [InlineData("empty-text")]
    public async Task Unreadable_files_fail_with_a_reason_and_their_blob_is_quarantined(string kind)
    {
        var user = await host.RegisterAsync();
        var bytes = kind switch
        {
            "corrupt" => Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> garbage without end"),
            "binary" => Enumerable.Range(0, 4096).Select(i => (byte)((i * 7919) % 251)).ToArray(),
            _ => Encoding.UTF8.GetBytes("   \n\n   \n"),
        };

        var uploadId = await user.Client.UploadOneAsync($"{kind}.pdf", bytes, "application/pdf");
        var status = await user.Client.WaitForOutcomeAsync(uploadId);
        Assert.Equal("failed", status["status"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(status["reason"]!.GetValue<string>()));
        Assert.Null(status["knowledge_item_id"]);

        var blobs = host.Services.GetRequiredService<IBlobStore>();
        var path = UploadPaths.BlobPath(user.Id, uploadId, $"{kind}.pdf");

        // The failure is recorded before the blob is moved (the status write is the claim), so the move
        // may still be under way when the status is read.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while ((await blobs.GetAsync(UploadPaths.QuarantineContainer, path, CancellationToken.None) is null
                || await blobs.GetAsync(UploadPaths.UploadsContainer, path, CancellationToken.None) is not null)
            && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.NotNull(await blobs.GetAsync(UploadPaths.QuarantineContainer, path, CancellationToken.None));
        Assert.Null(await blobs.GetAsync(UploadPaths.UploadsContainer, path, CancellationToken.None));
    }

    [Fact]
    public async Task One_bad_file_in_a_batch_does_not_stop_the_others()
    {
        var user = await host.RegisterAsync();
        var response = (await user.Client.UploadAsync(
        [
            ("bad.pdf", Encoding.ASCII.GetBytes("%PDF-1.4 broken"), "application/pdf"),
            ("good.md", TestDocuments.Markdown("Batch survivor phrase otter."), "text/markdown"),
        ])).Expect(HttpStatusCode.Accepted);
        var ids = response.Data.AsArray().Select(u => u!["upload_id"]!.GetValue<string>()).ToArray();

        Assert.Equal("failed", (await user.Client.WaitForOutcomeAsync(ids[0]))["status"]!.GetValue<string>());
        Assert.Equal("completed", (await user.Client.WaitForOutcomeAsync(ids[1]))["status"]!.GetValue<string>());
    }

    [NotOnEmulatedAzureFact(EmulatedAzureGaps.FullTextSearch)]
    public async Task Two_step_upload_sends_the_bytes_to_the_target_it_was_given()
    {
        var user = await host.RegisterAsync();
        var session = (await user.Client.PostAsync("api/v1/upload/sessions", new { file_name = "big.docx", size_bytes = 20_000, tags = new[] { "mobile" } }))
            .Expect(HttpStatusCode.Created).Data;
        Assert.Equal("pending", session["status"]!.GetValue<string>());
        Assert.Equal("PUT", session["method"]!.GetValue<string>());

        // The target is the API's own PUT endpoint (embedded: relative, answers 202) or a blob SAS URL
        // (Azure Blob Storage: absolute, answers 201); either way the client sends the headers it was given.
        using var put = new HttpRequestMessage(HttpMethod.Put, session["upload_url"]!.GetValue<string>().TrimStart('/'))
        {
            Content = new ByteArrayContent(TestDocuments.Docx("Two step phrase narwhal.")),
        };
        foreach (var (name, value) in session["headers"]?.AsObject() ?? [])
        {
            put.Headers.TryAddWithoutValidation(name, value!.GetValue<string>());
        }

        // A SAS URL carries its own authorization: the API's bearer token never goes to the storage account.
        var external = put.RequestUri!.IsAbsoluteUri;
        var sent = await (external ? host.CreateClient() : user.Client).SendRawAsync(put);
        sent.Expect(external ? HttpStatusCode.Created : HttpStatusCode.Accepted);

        var status = await user.Client.WaitForOutcomeAsync(session["upload_id"]!.GetValue<string>());
        Assert.Equal("completed", status["status"]!.GetValue<string>());
        var hits = (await user.Client.PostAsync("api/v1/knowledge/search", new { query = "narwhal" })).Expect(HttpStatusCode.OK).Data.AsArray();
        Assert.Single(hits);
    }

    [Fact]
    public async Task Another_users_upload_is_not_found_for_status_or_content()
    {
        var alice = await host.RegisterAsync();
        var bob = await host.RegisterAsync();
        var session = (await alice.Client.PostAsync("api/v1/upload/sessions", new { file_name = "private.md" })).Expect(HttpStatusCode.Created).Data;
        var uploadId = session["upload_id"]!.GetValue<string>();

        var status = (await bob.Client.GetAsync($"api/v1/upload/{uploadId}/status")).Expect(HttpStatusCode.NotFound);
        var unknown = (await bob.Client.GetAsync($"api/v1/upload/{Guid.NewGuid()}/status")).Expect(HttpStatusCode.NotFound);
        Assert.Equal(unknown.Json!["error"]!["message"]!.GetValue<string>(), status.Json!["error"]!["message"]!.GetValue<string>());

        using var put = new HttpRequestMessage(HttpMethod.Put, $"api/v1/upload/{uploadId}/content") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes("# hijack")) };
        (await bob.Client.SendRawAsync(put)).Expect(HttpStatusCode.NotFound);
        Assert.Equal("pending", (await alice.Client.GetAsync($"api/v1/upload/{uploadId}/status")).Expect(HttpStatusCode.OK).Data["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Upload_needs_multipart_form_data_and_at_least_one_file()
    {
        var user = await host.RegisterAsync();
        EnvelopeAndBadInputTests.AssertError((await user.Client.PostAsync("api/v1/upload", new { file = "x" })).Expect(HttpStatusCode.UnsupportedMediaType), "UNSUPPORTED_MEDIA_TYPE");
        EnvelopeAndBadInputTests.AssertError((await user.Client.UploadAsync([], title: "nothing")).Expect(HttpStatusCode.BadRequest), "VALIDATION_ERROR");
    }
}
